package io.pmtuner.model;

import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every hand-made wire form must do: give back the same object, copy it without sharing anything
 * mutable, copy its bytes unchanged, restore from its snapshot; and its samples must set every field,
 * so that a field added to the model but not to the wire form fails here.
 */
abstract class WireSerializerTestBase<T> {
    abstract WireSerializer<T> serializer();

    abstract WireType<T> type();

    /** Objects to round-trip: realistic ones, and ones with every nullable part null. */
    abstract List<T> samples();

    private T roundTrip(T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer().serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T back = serializer().deserialize(in);
        assertThat(in.available()).as("read all it wrote").isZero();
        return back;
    }

    @Test
    void serializeThenDeserializeGivesTheSameObject() throws IOException {
        for (T value : samples()) {
            assertThat(roundTrip(value)).usingRecursiveComparison().isEqualTo(value);
        }
    }

    @Test
    void aCopyIsEqualAndSharesNothingMutable() throws IllegalAccessException {
        for (T value : samples()) {
            T copy = serializer().copy(value);
            assertThat(copy).usingRecursiveComparison().isEqualTo(value);
            Set<Object> shared = mutableObjects(copy);
            shared.retainAll(mutableObjects(value));
            assertThat(shared).as("objects the copy shares with the original").isEmpty();
        }
    }

    @Test
    void copyingBytesAndTheSnapshotKeepTheFormat() throws IOException {
        T value = samples().get(0);
        DataOutputSerializer first = new DataOutputSerializer(256);
        serializer().serialize(value, first);
        DataOutputSerializer copied = new DataOutputSerializer(256);
        serializer().copy(new DataInputDeserializer(first.getCopyOfBuffer()), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());

        TypeSerializerSnapshot<T> snapshot = serializer().snapshotConfiguration();
        assertThat(snapshot.restoreSerializer()).isSameAs(serializer());
        assertThat(type().createSerializer(null)).isSameAs(serializer());
    }

    @Test
    void theSamplesSetEveryField() throws IllegalAccessException {
        Map<Class<?>, List<Object>> byClass = new java.util.HashMap<>();
        for (T value : samples()) {
            for (Object o : mutableObjects(value)) {
                if (o.getClass().getPackageName().equals(getClass().getPackageName())) byClass.computeIfAbsent(o.getClass(), k -> new java.util.ArrayList<>()).add(o);
            }
        }
        assertThat(byClass).containsKey(type().getTypeClass());
        for (Map.Entry<Class<?>, List<Object>> c : byClass.entrySet()) {
            for (Field f : fields(c.getKey())) {
                boolean set = false;
                for (Object o : c.getValue()) set |= !isDefault(f.get(o));
                assertThat(set).as("some sample sets %s.%s", c.getKey().getSimpleName(), f.getName()).isTrue();
            }
        }
    }

    private static List<Field> fields(Class<?> type) {
        return java.util.Arrays.stream(type.getFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).toList();
    }

    private static boolean isDefault(Object v) {
        return v == null || Boolean.FALSE.equals(v) || (v instanceof Number n && n.doubleValue() == 0);
    }

    /** The model's mutable objects reachable from {@code root} (itself, its nested model objects, maps, arrays), by identity. */
    private static Set<Object> mutableObjects(Object root) throws IllegalAccessException {
        Set<Object> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        collect(root, seen);
        return seen;
    }

    private static void collect(Object o, Set<Object> seen) throws IllegalAccessException {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>) return;
        if (!seen.add(o)) return;
        if (o instanceof Map<?, ?> m) {
            for (Object v : m.values()) collect(v, seen);
            return;
        }
        if (o instanceof byte[]) return;
        for (Field f : fields(o.getClass())) collect(f.get(o), seen);
    }
}
