package io.pmtuner.cli.eval;

import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * A world's setups for one seed (docs/judges.md "Measuring judges"). Every setup takes the same five draws in the same order
 * (scope, quality, score noise, the PM's choice, the outcome) whatever the gate, so that every judge of
 * a seed faces the same setups and only the gate it sets differs.
 */
public final class SetupStream {
    private final World world;
    private final SplittableRandom random;
    private int t;

    public SetupStream(World world, long seed) {
        this.world = world;
        this.random = new SplittableRandom(seed);
    }

    /** The next setup, under the multiplier in force for its scope ({@code multiplierOf.applyAsDouble(scope)}). */
    public Setup next(IntToDoubleFunction multiplierOf) {
        t++;
        double scopeDraw = random.nextDouble();
        double q = random.nextDouble();
        double z = random.nextGaussian();
        double pmDraw = random.nextDouble();
        double outcomeDraw = random.nextDouble();

        int scope = 0;
        double cumulative = 0;
        for (int s = 0; s < world.scopes.size(); s++) {
            cumulative += world.scopes.get(s).share();
            scope = s;
            if (scopeDraw < cumulative) break;
        }
        int phase = world.phaseOf(t);
        double ts = q + world.noise * z;
        double mult = multiplierOf.applyAsDouble(scope);
        boolean open = ts >= world.base * mult;
        boolean acted = open && pmDraw < world.act(q);
        boolean success = outcomeDraw < world.success(q, scope, phase);
        return new Setup(t, scope, phase, q, ts, world.base, mult, open, acted, success);
    }
}
