package io.pmtuner.model;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts the stream serializers ({@link EngineEventSerializer}, {@link TransitionSerializer}) write
 * alike: strings, nullable numbers, states, series, ticks and decisions, and their deep copies. Every
 * nullable part is null-safe; maps keep their order.
 */
final class WireForm {
    private static final State[] STATES = State.values();
    private static final Action[] ACTIONS = Action.values();

    private WireForm() {}

    /**
     * A string as its UTF-8 bytes behind a variable-length count (0 for null, else length + 1). Not
     * Flink's {@code StringValue}: its reader looks up a thread-local buffer per string, and in a task
     * thread, whose thread-local map is crowded, that lookup was most of the cost of reading an event.
     */
    static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            writeCount(0, out);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeCount(bytes.length + 1, out);
        out.write(bytes);
    }

    static String readString(DataInputView in) throws IOException {
        int count = readCount(in);
        if (count == 0) return null;
        byte[] bytes = new byte[count - 1];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A string of the kind that repeats on every event (a name, a scope value), as its one shared instance ({@link Canonical}). */
    static String readCanonical(DataInputView in) throws IOException {
        return Canonical.of(readString(in));
    }

    private static void writeCount(int n, DataOutputView out) throws IOException {
        while (n >= 0x80) {
            out.writeByte((n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out.writeByte(n);
    }

    private static int readCount(DataInputView in) throws IOException {
        int n = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            n |= (b & 0x7f) << shift;
            if (b < 0x80) return n;
        }
    }

    /** A hash map's initial capacity that holds {@code n} entries without resizing. */
    private static int capacity(int n) {
        return (int) (n / 0.75f) + 1;
    }

    static void writeDouble(Double d, DataOutputView out) throws IOException {
        out.writeBoolean(d != null);
        if (d != null) out.writeDouble(d);
    }

    static Double readDouble(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }

    static void writeState(State s, DataOutputView out) throws IOException {
        out.writeByte(s == null ? -1 : s.ordinal());
    }

    static State readState(DataInputView in) throws IOException {
        int s = in.readByte();
        return s < 0 ? null : STATES[s];
    }

    static void writeSeries(Series s, DataOutputView out) throws IOException {
        out.writeBoolean(s != null);
        if (s == null) return;
        writeString(s.book, out);
        writeString(s.chain, out);
        writeString(s.contract, out);
        writeString(s.timeframe, out);
    }

    static Series readSeries(DataInputView in) throws IOException {
        return in.readBoolean() ? new Series(readCanonical(in), readCanonical(in), readString(in), readCanonical(in)) : null;
    }

    static Series copy(Series s) {
        return s == null ? null : new Series(s.book, s.chain, s.contract, s.timeframe);
    }

    static void writeDecision(Decision d, DataOutputView out) throws IOException {
        out.writeBoolean(d != null);
        if (d == null) return;
        out.writeByte(d.action == null ? -1 : d.action.ordinal());
        writeString(d.tradeId, out);
        writeDouble(d.sizeFrac, out);
        writeDouble(d.pnl, out);
        writeString(d.reason, out);
    }

    static Decision readDecision(DataInputView in) throws IOException {
        if (!in.readBoolean()) return null;
        Decision d = new Decision();
        int a = in.readByte();
        d.action = a < 0 ? null : ACTIONS[a];
        d.tradeId = readString(in);
        d.sizeFrac = readDouble(in);
        d.pnl = readDouble(in);
        d.reason = readString(in);
        return d;
    }

    static Decision copy(Decision from) {
        if (from == null) return null;
        Decision d = new Decision();
        d.action = from.action;
        d.tradeId = from.tradeId;
        d.sizeFrac = from.sizeFrac;
        d.pnl = from.pnl;
        d.reason = from.reason;
        return d;
    }

    static void writeTick(Tick t, DataOutputView out) throws IOException {
        out.writeBoolean(t != null);
        if (t == null) return;
        out.writeLong(t.seq);
        out.writeLong(t.barTs);
        writeState(t.state, out);
        out.writeBoolean(t.buyFlag);
        out.writeBoolean(t.trimFlag);
        out.writeDouble(t.price);
        out.writeDouble(t.atr);
        writeDouble(t.aValue, out);
        writeString(t.engineVersion, out);
        if (t.scores == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(t.scores.size());
            for (Map.Entry<String, Double> s : t.scores.entrySet()) {
                writeString(s.getKey(), out);
                writeDouble(s.getValue(), out);
            }
        }
        if (t.gates == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(t.gates.size());
            for (Map.Entry<String, Gate> g : t.gates.entrySet()) {
                writeString(g.getKey(), out);
                Gate v = g.getValue();
                out.writeBoolean(v != null);
                if (v == null) continue;
                out.writeDouble(v.value);
                out.writeDouble(v.threshold);
                out.writeBoolean(v.pass);
                writeDouble(v.base, out);
            }
        }
        if (t.scope == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(t.scope.size());
            for (Map.Entry<String, String> s : t.scope.entrySet()) {
                writeString(s.getKey(), out);
                writeString(s.getValue(), out);
            }
        }
    }

    static Tick readTick(DataInputView in) throws IOException {
        if (!in.readBoolean()) return null;
        Tick t = new Tick();
        t.seq = in.readLong();
        t.barTs = in.readLong();
        t.state = readState(in);
        t.buyFlag = in.readBoolean();
        t.trimFlag = in.readBoolean();
        t.price = in.readDouble();
        t.atr = in.readDouble();
        t.aValue = readDouble(in);
        t.engineVersion = readCanonical(in);
        int n = in.readInt();
        if (n >= 0) {
            t.scores = new LinkedHashMap<>(capacity(n));
            for (int i = 0; i < n; i++) t.scores.put(readCanonical(in), readDouble(in));
        }
        n = in.readInt();
        if (n >= 0) {
            t.gates = new LinkedHashMap<>(capacity(n));
            for (int i = 0; i < n; i++) {
                String name = readCanonical(in);
                t.gates.put(name, in.readBoolean() ? new Gate(in.readDouble(), in.readDouble(), in.readBoolean(), readDouble(in)) : null);
            }
        }
        n = in.readInt();
        if (n >= 0) {
            t.scope = new LinkedHashMap<>(capacity(n));
            for (int i = 0; i < n; i++) t.scope.put(readCanonical(in), readCanonical(in));
        }
        return t;
    }

    static Tick copy(Tick from) {
        if (from == null) return null;
        Tick t = from.light();
        t.engineVersion = from.engineVersion;
        t.scores = from.scores == null ? null : new LinkedHashMap<>(from.scores);
        t.scope = from.scope == null ? null : new LinkedHashMap<>(from.scope);
        if (from.gates != null) {
            t.gates = new LinkedHashMap<>(capacity(from.gates.size()));
            for (Map.Entry<String, Gate> g : from.gates.entrySet()) {
                Gate v = g.getValue();
                t.gates.put(g.getKey(), v == null ? null : new Gate(v.value, v.threshold, v.pass, v.base));
            }
        }
        return t;
    }
}
