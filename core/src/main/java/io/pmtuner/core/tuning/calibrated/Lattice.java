package io.pmtuner.core.tuning.calibrated;

import io.pmtuner.model.TunedGate;

/**
 * What one key of the calibrated judge sees of the other keys of its pattern (docs/judges.md "Many scopes", "inherit until
 * own"): the position a key that has not moved yet starts from, and where each key that moves now
 * stands. {@link #NONE}: no lattice, every key on its own data (docs/judges.md).
 */
public interface Lattice {
    /** The multiplier a key that has not moved takes, and the subset it comes from (null: none moved, 1.0). */
    record Inherited(String from, double multiplier) {
        public static final Inherited NOTHING = new Inherited(null, 1.0);
    }

    /** What a key not yet own starts from before its next evidence: the most specific moved key whose subset its own contains. */
    Inherited inherit(TunedGate gate, String subsetJson);

    /** A key moved to {@code multiplier}: its override rests on {@code evidence} episodes, decided at {@code decidedTs}. */
    void moved(TunedGate gate, String subsetJson, double multiplier, long evidence, long decidedTs);

    Lattice NONE = new Lattice() {
        @Override
        public Inherited inherit(TunedGate gate, String subsetJson) {
            return null;
        }

        @Override
        public void moved(TunedGate gate, String subsetJson, double multiplier, long evidence, long decidedTs) {}
    };
}
