package io.pmtuner.job.functions;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

import java.util.ArrayList;
import java.util.List;

/**
 * Keyed elements held until the watermark passes their timestamp: one event-time timer per distinct
 * timestamp, and {@link #take} on that timer hands them back in arrival order and frees their state.
 */
public final class EventTimeBuffer<T> {
    private final MapState<Long, List<T>> state;

    EventTimeBuffer(RuntimeContext ctx, String name, TypeInformation<T> type) {
        state = ctx.getMapState(descriptor(name, type));
    }

    /** The state of a buffer named {@code name}: its elements by timestamp (each with one event-time timer). */
    public static <T> MapStateDescriptor<Long, List<T>> descriptor(String name, TypeInformation<T> type) {
        return new MapStateDescriptor<>(name, Types.LONG, Types.LIST(type));
    }

    void add(long ts, T value, TimerService timers) throws Exception {
        List<T> atTs = state.get(ts);
        if (atTs == null) {
            atTs = new ArrayList<>(2);
            timers.registerEventTimeTimer(ts);
        }
        atTs.add(value);
        state.put(ts, atTs);
    }

    /** The elements of {@code ts}, or null; they leave the state. */
    List<T> take(long ts) throws Exception {
        List<T> due = state.get(ts);
        if (due != null) state.remove(ts);
        return due;
    }
}
