package io.pmtuner.model;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        writeMap(t.scores, out, WireForm::writeDouble);
        writeMap(t.gates, out, WireForm::writeGate);
        writeMap(t.scope, out, WireForm::writeString);
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
        t.scores = readMap(in, WireForm::readDouble);
        t.gates = readMap(in, WireForm::readGate);
        t.scope = readMap(in, WireForm::readCanonical);
        return t;
    }

    private static void writeGate(Gate g, DataOutputView out) throws IOException {
        out.writeBoolean(g != null);
        if (g == null) return;
        out.writeDouble(g.value);
        out.writeDouble(g.threshold);
        out.writeBoolean(g.pass);
        writeDouble(g.base, out);
    }

    private static Gate readGate(DataInputView in) throws IOException {
        return in.readBoolean() ? new Gate(in.readDouble(), in.readDouble(), in.readBoolean(), readDouble(in)) : null;
    }

    @FunctionalInterface
    private interface Writer<V> {
        void write(V value, DataOutputView out) throws IOException;
    }

    @FunctionalInterface
    private interface Reader<V> {
        V read(DataInputView in) throws IOException;
    }

    /** A nullable map of names to values: its size (-1 for null), then each name and value in order. */
    private static <V> void writeMap(Map<String, V> map, DataOutputView out, Writer<V> value) throws IOException {
        if (map == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(map.size());
        for (Map.Entry<String, V> e : map.entrySet()) {
            writeString(e.getKey(), out);
            value.write(e.getValue(), out);
        }
    }

    /** A map {@link #writeMap} wrote, as a {@link CompactMap} with shared names. */
    private static <V> Map<String, V> readMap(DataInputView in, Reader<V> value) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        String[] names = new String[n];
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            names[i] = readCanonical(in);
            values[i] = value.read(in);
        }
        return new CompactMap<>(Canonical.names(names), values);
    }

    /**
     * A deep copy, with compact maps. Compact scores and scope are shared, not copied: they are immutable
     * and hold immutable values. Gates are copied, since a {@link Gate}'s fields can be set.
     */
    static Tick copy(Tick from) {
        if (from == null) return null;
        Tick t = from.light();
        t.engineVersion = from.engineVersion;
        t.scores = from.scores == null || from.scores instanceof CompactMap ? from.scores : CompactMap.copyOf(from.scores, v -> v);
        t.scope = from.scope == null || from.scope instanceof CompactMap ? from.scope : CompactMap.copyOf(from.scope, v -> v);
        t.gates = from.gates == null ? null : CompactMap.copyOf(from.gates, v -> v == null ? null : v.copy());
        return t;
    }
}
