package io.pmtuner.job.functions;

import io.pmtuner.model.EngineEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The stream's clock as builds before the quorum clock kept it in checkpoints and savepoints: the newest
 * bar time accepted, and the events held far ahead. Read once when such a savepoint is restored (the
 * {@code QuorumClock} continues from it); never written. Its name and fields are in those savepoints:
 * keep them. POJO.
 */
public class StreamClock {
    public long time = Long.MIN_VALUE;
    public List<String> seriesSeen = new ArrayList<>();
    public List<Candidate> candidates = new ArrayList<>();

    /** An event held because it arrived far ahead, with the stream's time when it arrived. */
    public static class Candidate {
        public EngineEvent event;
        public long arrivedAt;

        public Candidate() {}
    }

    public StreamClock() {}
}
