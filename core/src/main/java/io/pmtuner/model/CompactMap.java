package io.pmtuner.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A tick's scores, gates or scope as the wire form's reader builds them: an immutable map of a few
 * entries, in the order they came, held in two arrays. The key array is shared by every map with the
 * same names in the same order ({@link Canonical#names}). At a million series the job keeps over a
 * million ticks, and as linked hash maps their entries, tables and boxed values were about half of the
 * heap (docs/benchmark.md); here a tick's three maps take a few small arrays.
 */
public final class CompactMap<V> extends AbstractMap<String, V> {
    private final String[] keys;
    private final Object[] values;

    /** {@code keys} is shared, not copied: it must not change afterwards. */
    CompactMap(String[] keys, Object[] values) {
        if (keys.length != values.length) throw new IllegalArgumentException(keys.length + " keys, " + values.length + " values");
        this.keys = keys;
        this.values = values;
    }

    /**
     * The entries of {@code map}, in its order, each value passed through {@code copy}. A compact map's
     * names are shared and its values copied straight from its array (a tick's copy on every chained hop).
     */
    @SuppressWarnings("unchecked")
    static <V> CompactMap<V> copyOf(Map<String, V> map, UnaryOperator<V> copy) {
        if (map instanceof CompactMap<V> c) {
            Object[] values = new Object[c.values.length];
            for (int i = 0; i < values.length; i++) values[i] = copy.apply((V) c.values[i]);
            return new CompactMap<>(c.keys, values);
        }
        String[] names = new String[map.size()];
        Object[] values = new Object[names.length];
        int i = 0;
        for (Entry<String, V> e : map.entrySet()) {
            names[i] = e.getKey();
            values[i++] = copy.apply(e.getValue());
        }
        return new CompactMap<>(Canonical.names(names), values);
    }

    private int indexOf(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == key) return i;
        }
        for (int i = 0; i < keys.length; i++) {
            if (Objects.equals(keys[i], key)) return i;
        }
        return -1;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : (V) values[i];
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public Iterator<Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Entry<String, V> next() {
                        if (next >= keys.length) throw new NoSuchElementException();
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], (V) values[i]);
                    }
                };
            }
        };
    }
}
