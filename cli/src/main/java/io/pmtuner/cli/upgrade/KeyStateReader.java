package io.pmtuner.cli.upgrade;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads each key of a rewritten operator, every state in {@link StateSlot#of} and its timers, as JSON: as an earlier
 * build wrote it (the upgrade), or as this build does (to compare an upgraded savepoint with its original).
 */
final class KeyStateReader extends KeyedStateReaderFunction<String, KeyState> {
    private static final long serialVersionUID = 1L;

    private final StateSlot.Role role;
    private final boolean earlier;
    private transient List<StateSlot.Bound> states;

    /** {@code earlier}: with the classes of an earlier build ({@link StateSlot#earlier}), else this build's. */
    KeyStateReader(StateSlot.Role role, boolean earlier) {
        this.role = role;
        this.earlier = earlier;
    }

    @Override
    public void open(OpenContext ctx) {
        states = StateSlot.register(role, getRuntimeContext(), earlier);
    }

    @Override
    public void readKey(String key, Context ctx, Collector<KeyState> out) throws Exception {
        ObjectNode json = StateJson.MAPPER.createObjectNode();
        for (StateSlot.Bound state : states) {
            StateSlot slot = state.slot();
            if (slot.isMap()) {
                ObjectNode entries = StateJson.MAPPER.createObjectNode();
                for (Map.Entry<Object, Object> e : state.map().entries()) {
                    entries.set(String.valueOf(e.getKey()), StateJson.MAPPER.valueToTree(e.getValue()));
                }
                if (!entries.isEmpty()) json.set(slot.name(), entries);
            } else {
                Object value = state.value().value();
                if (value != null) json.set(slot.name(), StateJson.MAPPER.valueToTree(value));
            }
        }
        json.putPOJO(StateJson.TIMERS, new TreeSet<>(ctx.registeredEventTimeTimers()));
        out.collect(new KeyState(key, StateJson.MAPPER.writeValueAsString(json)));
    }
}
