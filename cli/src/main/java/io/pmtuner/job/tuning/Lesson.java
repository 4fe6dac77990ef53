package io.pmtuner.job.tuning;

/** Lesson as savepoints of earlier builds name it: its fields only, read by {@code upgrade-savepoint}. */
public class Lesson {
    public String patternKey;
    public String subsetJson;
    public Quadrants counts = new Quadrants();
    public long nNeutral;
    public long nDataGap;
    public long votes;
    public long lastEventTs;
    public String lastEpisodeId;
}
