package io.pmtuner.testing;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a type travels and lives in state as a Flink POJO all the way down, so that it is
 * serialized without Kryo and can evolve across savepoints (docs/design.md "The pipeline").
 */
public final class PojoTypes {
    private PojoTypes() {}

    public static boolean isPojo(Class<?> type) {
        return TypeInformation.of(type) instanceof PojoTypeInfo;
    }

    /** The paths of the fields (at any depth) that would fall back to Kryo. */
    public static List<String> genericFields(Class<?> type) {
        List<String> out = new ArrayList<>();
        collect(TypeInformation.of(type), type.getSimpleName(), out);
        return out;
    }

    private static void collect(TypeInformation<?> info, String path, List<String> out) {
        if (info instanceof GenericTypeInfo) {
            out.add(path);
            return;
        }
        if (info instanceof PojoTypeInfo<?> pojo) {
            for (int i = 0; i < pojo.getArity(); i++) {
                collect(pojo.getPojoFieldAt(i).getTypeInformation(), path + "." + pojo.getPojoFieldAt(i).getField().getName(), out);
            }
        }
        for (TypeInformation<?> child : info.getGenericParameters().values()) {
            collect(child, path + "<>", out);
        }
    }
}
