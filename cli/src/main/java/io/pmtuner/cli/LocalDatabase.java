package io.pmtuner.cli;

import io.pmtuner.job.db.EmbeddedDatabase;
import io.pmtuner.job.db.JdbcSettings;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the local run keeps its embedded PostgreSQL (its data directory and loopback port): the
 * launcher's and every command's, so that the commands that follow a local run ({@code report},
 * {@code whatif}, {@code control}) find its tables with no option at all.
 */
public final class LocalDatabase {
    @Option(names = "--data-dir", defaultValue = "pm-tuner-data", paramLabel = "DIR",
            description = "Where the local run's embedded PostgreSQL keeps its data (DIR/postgres) and the launcher its temp files (default ${DEFAULT-VALUE}).")
    public Path dataDir;

    @Option(names = "--pg-port", defaultValue = "54329", paramLabel = "PORT",
            description = "Port of the embedded PostgreSQL on 127.0.0.1 (default ${DEFAULT-VALUE}).")
    public int pgPort;

    Path postgres() {
        return dataDir.resolve("postgres");
    }

    /** Whether a local run has left its database in {@link #dataDir}. */
    boolean exists() {
        return Files.exists(postgres().resolve("PG_VERSION"));
    }

    /** Whether something listens on the port now (a local run still running, with its database up). */
    boolean listening() {
        try (ServerSocket s = new ServerSocket(pgPort, 1, InetAddress.getLoopbackAddress())) {
            return false;
        } catch (IOException busy) {
            return true;
        }
    }

    /**
     * The database of a command: the running local server's, or the local data started for the command;
     * with {@code create}, a new one when there is none yet (migrate: controls before the first run).
     */
    Opened open(CommandLine cl, boolean create) throws IOException {
        if (!create && !exists()) {
            throw new CommandLine.ParameterException(cl, "no --jdbc-url given, and no local run's database in " + postgres()
                    + ": run the job locally first (java -jar pm-tuner-local.jar) or create it with migrate, or give --jdbc-url");
        }
        if (listening()) return new Opened(null, new JdbcSettings("jdbc:postgresql://localhost:" + pgPort + "/postgres", "postgres", null));
        EmbeddedDatabase pg = EmbeddedDatabase.start(postgres(), pgPort, true);
        return new Opened(pg, pg.admin());
    }

    /** A database a command uses, and the embedded server it started for it (null: none), stopped on close. */
    public record Opened(EmbeddedDatabase server, JdbcSettings settings) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (server != null) server.close();
        }
    }
}
