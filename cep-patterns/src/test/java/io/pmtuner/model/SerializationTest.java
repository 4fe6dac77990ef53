package io.pmtuner.model;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every type that travels between operators or lives in state is a Flink POJO all the way down, so
 * that it is serialized without Kryo and can evolve across savepoints (SPEC 8).
 */
class SerializationTest {
    @ParameterizedTest
    @ValueSource(classes = {EngineEvent.class, Transition.class, Episode.class, Reject.class, Tick.class})
    void isAPojoWithoutGenericFields(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        List<String> generic = new ArrayList<>();
        collectGeneric(info, type.getSimpleName(), generic);
        assertThat(generic).as("fields that would fall back to Kryo").isEmpty();
    }

    private static void collectGeneric(TypeInformation<?> info, String path, List<String> out) {
        if (info instanceof GenericTypeInfo) {
            out.add(path);
            return;
        }
        if (info instanceof PojoTypeInfo) {
            PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
            for (int i = 0; i < pojo.getArity(); i++) {
                collectGeneric(pojo.getPojoFieldAt(i).getTypeInformation(), path + "." + pojo.getPojoFieldAt(i).getField().getName(), out);
            }
        }
        for (TypeInformation<?> child : info.getGenericParameters().values()) {
            collectGeneric(child, path + "<>", out);
        }
    }
}
