package io.pmtuner.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code --version}: the version and build time Maven wrote into the jar, and the Flink it runs on. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    static final String RESOURCE = "/pm-tuner-version.properties";

    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) return new String[] {"pm-tuner (version unknown: built without its version file)"};
            p.load(in);
        }
        return new String[] {"pm-tuner " + p.getProperty("version") + " (built " + p.getProperty("built") + ")",
                "Flink " + org.apache.flink.runtime.util.EnvironmentInformation.getVersion() + ", Java " + System.getProperty("java.version")};
    }
}
