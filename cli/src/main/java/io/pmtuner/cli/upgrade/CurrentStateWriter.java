package io.pmtuner.cli.upgrade;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
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
    private transient List<StateSlot.Bound> states;

    CurrentStateWriter(StateSlot.Role role) {
        this.role = role;
    }

    @Override
    public void open(OpenContext ctx) {
        states = StateSlot.register(role, getRuntimeContext(), false);
    }

    @Override
    public void processElement(KeyState in, Context ctx) throws Exception {
        JsonNode json = StateJson.MAPPER.readTree(in.json);
        for (StateSlot.Bound state : states) {
            StateSlot slot = state.slot();
            JsonNode held = json.get(slot.name());
            if (held == null) continue;
            if (slot.isMap()) {
                MapState<Object, Object> map = state.map();
                for (Iterator<Map.Entry<String, JsonNode>> it = held.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    map.put(slot.mapKey().apply(e.getKey()), StateJson.MAPPER.convertValue(e.getValue(), slot.value()));
                }
            } else {
                state.value().update(StateJson.MAPPER.convertValue(held, slot.value()));
            }
        }
        for (JsonNode ts : json.get(StateJson.TIMERS)) ctx.timerService().registerEventTimeTimer(ts.asLong());
    }
}
