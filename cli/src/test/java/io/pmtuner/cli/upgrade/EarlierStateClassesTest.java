package io.pmtuner.cli.upgrade;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The earlier builds' state classes ({@code io.pmtuner.job.tuning}) and this build's ({@code io.pmtuner.core.tuning})
 * have the same fields, name for name and of the same kind, so that the upgrade carries every one across
 * (a field this build lacked would fail the upgrade; one the earlier class lacked would be lost).
 */
class EarlierStateClassesTest {
    @ParameterizedTest
    @ValueSource(strings = {"BudgetCounter", "JudgeState", "Lesson", "Quadrants", "Vote",
            "calibrated.Block", "calibrated.CalibratedJudgeState", "calibrated.GateCalibration", "calibrated.OwnKey"})
    void haveTheSameFields(String name) throws Exception {
        Class<?> earlier = Class.forName("io.pmtuner.job.tuning." + name);
        Class<?> current = Class.forName("io.pmtuner.core.tuning." + name);
        assertThat(fields(earlier)).isNotEmpty().isEqualTo(fields(current));
    }

    /** Public instance fields by name, with their type's simple name (the classes themselves differ by package). */
    private static Map<String, String> fields(Class<?> c) {
        return Arrays.stream(c.getFields()).filter(f -> !Modifier.isStatic(f.getModifiers()))
                .collect(Collectors.toMap(Field::getName, f -> f.getGenericType().getTypeName().replaceAll("[\\w.]+\\.(\\w+)", "$1"),
                        (a, b) -> a, TreeMap::new));
    }
}
