package io.pmtuner.cli.upgrade;

import io.pmtuner.core.tuning.JudgeState;
import io.pmtuner.core.tuning.Lesson;
import io.pmtuner.core.tuning.SpecJudge;
import io.pmtuner.core.tuning.Vote;
import io.pmtuner.core.tuning.calibrated.CalibratedJudgeState;
import io.pmtuner.core.tuning.calibrated.OwnKey;
import io.pmtuner.job.functions.EventTimeBuffer;
import io.pmtuner.job.functions.JudgeFunction;
import io.pmtuner.job.functions.LatticeJudgeFunction;
import io.pmtuner.job.functions.MinerFunction;
import io.pmtuner.model.TunedGate;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One keyed state of an operator that {@code upgrade-savepoint} rewrites: its descriptor as an earlier build
 * registered it (the classes of {@code io.pmtuner.job.tuning}), its descriptor in this build, and the JSON
 * type its values take on the way. The names come from the operators themselves, so they cannot drift apart.
 *
 * @param name       the state's name, also its field in {@link KeyState#json}
 * @param earlier    how an earlier build registered it
 * @param current    how this build registers it
 * @param value      the type of a value (of a map state: of an entry's value) in this build
 * @param mapKey     for a map state, its key from the JSON field name; null for a value state
 */
record StateSlot(String name, StateDescriptor<?, ?> earlier, StateDescriptor<?, ?> current, JavaType value,
                 Function<String, Object> mapKey) {

    /** The operators rewritten, by what their keyed state holds. */
    enum Role { MINER, JUDGE }

    boolean isMap() {
        return mapKey != null;
    }

    /** A slot with its state registered in one operator instance. */
    record Bound(StateSlot slot, State state) {
        @SuppressWarnings("unchecked")
        MapState<Object, Object> map() {
            return (MapState<Object, Object>) state;
        }

        @SuppressWarnings("unchecked")
        ValueState<Object> value() {
            return (ValueState<Object>) state;
        }
    }

    /** Registers the states of an operator of {@code role} with {@code ctx}, in the earlier build's form or this build's, in slot order. */
    @SuppressWarnings("unchecked")
    static List<Bound> register(Role role, RuntimeContext ctx, boolean earlier) {
        List<Bound> bound = new ArrayList<>();
        for (StateSlot slot : of(role)) {
            StateDescriptor<?, ?> d = earlier ? slot.earlier() : slot.current();
            bound.add(new Bound(slot, slot.isMap() ? ctx.getMapState((MapStateDescriptor<Object, Object>) d) : ctx.getState((ValueStateDescriptor<Object>) d)));
        }
        return bound;
    }

    /** The states of an operator of {@code role}: all that any judge mode of an earlier build kept, for the judge. */
    static List<StateSlot> of(Role role) {
        TypeFactory types = TypeFactory.defaultInstance();
        return switch (role) {
            case MINER -> List.of(
                    votes(MinerFunction.PENDING_VOTES, types),
                    value(MinerFunction.lessonState(), io.pmtuner.job.tuning.Lesson.class, Lesson.class, types));
            case JUDGE -> List.of(
                    value(JudgeFunction.stateOf(SpecJudge.STATE_NAME, JudgeState.class), io.pmtuner.job.tuning.JudgeState.class, JudgeState.class, types),
                    votes(LatticeJudgeFunction.PENDING_VOTES, types),
                    byName(LatticeJudgeFunction.gatesState(), io.pmtuner.job.tuning.calibrated.CalibratedJudgeState.class, CalibratedJudgeState.class, types),
                    byName(LatticeJudgeFunction.ownState(TunedGate.TS), io.pmtuner.job.tuning.calibrated.OwnKey.class, OwnKey.class, types),
                    byName(LatticeJudgeFunction.ownState(TunedGate.HALO), io.pmtuner.job.tuning.calibrated.OwnKey.class, OwnKey.class, types));
        };
    }

    /** An {@link EventTimeBuffer} of votes. */
    private static StateSlot votes(String name, TypeFactory types) {
        return new StateSlot(name, EventTimeBuffer.descriptor(name, TypeInformation.of(io.pmtuner.job.tuning.Vote.class)),
                EventTimeBuffer.descriptor(name, TypeInformation.of(Vote.class)),
                types.constructCollectionType(List.class, Vote.class), Long::valueOf);
    }

    private static <T> StateSlot value(ValueStateDescriptor<T> current, Class<?> earlier, Class<T> type, TypeFactory types) {
        return new StateSlot(current.getName(), new ValueStateDescriptor<>(current.getName(), TypeInformation.of(earlier)), current,
                types.constructType(type), null);
    }

    private static <T> StateSlot byName(MapStateDescriptor<String, T> current, Class<?> earlier, Class<T> type, TypeFactory types) {
        return new StateSlot(current.getName(), new MapStateDescriptor<>(current.getName(), Types.STRING, TypeInformation.of(earlier)), current,
                types.constructType(type), s -> s);
    }
}
