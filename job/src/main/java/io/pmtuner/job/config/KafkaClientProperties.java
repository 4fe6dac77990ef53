package io.pmtuner.job.config;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The Kafka client's settings: those of {@code --kafka.properties-file}, then those of
 * {@code --kafka.property} (which win); a secret may come from the file but never literally from the
 * command line, where it would show in process lists and logs.
 */
public final class KafkaClientProperties {
    /** Client settings that hold secrets: on the command line they must be a config-provider reference. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|jaas\\.config|secret).*");
    private static final Pattern PROVIDER_REFERENCE = Pattern.compile("\\$\\{[^}]+}");

    private KafkaClientProperties() {}

    /** One message per command-line setting that would carry a secret literally (the value is not repeated). */
    static List<String> literalSecrets(Map<String, String> commandLine) {
        List<String> out = new ArrayList<>();
        commandLine.forEach((k, v) -> {
            if (SECRET_KEY.matcher(k).matches() && !PROVIDER_REFERENCE.matcher(v).find()) {
                out.add("--kafka.property " + k + " would put a secret on the command line: give it in --kafka.properties-file "
                        + "or as a config-provider reference (config.providers=env, then " + k + "=...${env:NAME}...).");
            }
        });
        return out;
    }

    /** The file's settings (if any), then the command line's. */
    public static Properties of(File file, Map<String, String> commandLine) {
        Properties p = new Properties();
        if (file != null) {
            try (Reader r = Files.newBufferedReader(file.toPath())) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("--kafka.properties-file " + file + ": " + e.getMessage(), e);
            }
        }
        p.putAll(commandLine);
        return p;
    }
}
