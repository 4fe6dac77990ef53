package io.pmtuner.cli.upgrade;

/**
 * One key's state of a rewritten operator on its way from the reader to the writer: every state of the key
 * and its event-time timers, as JSON by field name (a POJO of strings, so no generic serializer is needed).
 */
public class KeyState {
    public String key;
    public String json;

    public KeyState() {}

    KeyState(String key, String json) {
        this.key = key;
        this.json = json;
    }
}
