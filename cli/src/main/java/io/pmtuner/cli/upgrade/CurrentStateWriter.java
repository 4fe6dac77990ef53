package io.pmtuner.cli.upgrade;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes each key read by {@link KeyStateReader} into this build's state and registers its timers again.
 * Puts replace, so a key read twice is written once.
 */
final class CurrentStateWriter extends KeyedStateBootstrapFunction<String, KeyState> {
    private static final long serialVersionUID = 1L;

    private final StateSlot.Role role;
    private transient List<StateSlot> slots;
    private transient List<State> states;

    CurrentStateWriter(StateSlot.Role role) {
        this.role = role;
    }

    @Override
    public void open(OpenContext ctx) {
        slots = StateSlot.of(role);
        states = StateSlot.register(slots, getRuntimeContext(), false);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void processElement(KeyState in, Context ctx) throws Exception {
        JsonNode json = StateJson.MAPPER.readTree(in.json);
        for (int i = 0; i < slots.size(); i++) {
            StateSlot slot = slots.get(i);
            JsonNode held = json.get(slot.name());
            if (held == null) continue;
            if (slot.isMap()) {
                MapState<Object, Object> map = (MapState<Object, Object>) states.get(i);
                for (Iterator<Map.Entry<String, JsonNode>> it = held.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    map.put(slot.mapKey().apply(e.getKey()), StateJson.MAPPER.convertValue(e.getValue(), slot.value()));
                }
            } else {
                ((ValueState<Object>) states.get(i)).update(StateJson.MAPPER.convertValue(held, slot.value()));
            }
        }
        for (JsonNode ts : json.get(StateJson.TIMERS)) ctx.timerService().registerEventTimeTimer(ts.asLong());
    }
}
