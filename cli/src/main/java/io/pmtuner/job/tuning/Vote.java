package io.pmtuner.job.tuning;

import java.util.List;

/** Vote as savepoints of earlier builds name it: its fields only, read by {@code upgrade-savepoint}. */
public class Vote {
    public String key;
    public String patternKey;
    public String tuningKey;
    public String subsetJson;
    public String episodeId;
    public boolean acted;
    public String outcome;
    public List<String> blockedBy;
    public boolean dataGap;
    public long decisionTs;
    public long outcomeTs;
    public long knownTs;
    public Double tsImplied;
    public Double haloImplied;
    public Boolean tsPassed;
    public Boolean haloPassed;
}
