package io.pmtuner.job.config;

import picocli.CommandLine.Option;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Which scope subsets the miner counts in (README "Our readings: the miner"). */
public class MinerSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    @Option(names = "--miner.dims", split = ",", paramLabel = "DIM[,DIM...]",
            defaultValue = "chain,mcap_bucket,vol_bucket,timeframe",
            description = "Scope dimensions whose combinations are counted (default ${DEFAULT-VALUE}).")
    public List<String> dims;

    @Option(names = "--miner.max-dims", defaultValue = "3",
            description = "Most dimensions in one subset; the empty subset {} is the global one (default ${DEFAULT-VALUE}).")
    public int maxDims;

    @Option(names = "--miner.include-data-gap",
            description = "Count episodes marked data_gap in the rates and the judge's evidence (default: counted apart, in n_data_gap).")
    public boolean includeDataGap;

    String problems() {
        if (maxDims < 0) return "--miner.max-dims must not be negative.";
        if (dims.stream().anyMatch(String::isBlank)) return "--miner.dims has an empty name.";
        return "";
    }
}
