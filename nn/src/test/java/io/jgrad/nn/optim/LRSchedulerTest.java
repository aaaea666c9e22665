package io.jgrad.nn.optim;

import static io.jgrad.nn.optim.OptimFixtures.assertThrowsWith;
import static io.jgrad.nn.optim.OptimFixtures.parameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jgrad.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schedules against PyTorch's documented closed forms, written out here, which the step
 * by step forms (PyTorch's, and jgrad's) follow when nothing else changes the rate:
 * <ul>
 *   <li>StepLR: {@code η_t = η_0 · γ^⌊t / stepSize⌋}
 *   <li>CosineAnnealingLR: {@code η_t = η_min + (η_0 − η_min)(1 + cos(π t / T_max)) / 2}
 *   <li>OneCycleLR (two phases, cosine): initial {@code max/div}, minimum {@code initial/finalDiv};
 *       phase 1 ends at step {@code pct·total − 1}, phase 2 at {@code total − 1}; within a phase
 *       from step s0 to s1, {@code pct = (t − s0) / (s1 − s0)} and
 *       {@code η = end + (start − end)(1 + cos(π pct)) / 2}.
 * </ul>
 */
class LRSchedulerTest {
    private static void assertRate(double expected, Optimizer optimizer, String where) {
        assertEquals(expected, optimizer.learningRate(), 1e-12 * Math.max(1, Math.abs(expected)), where);
    }

    @Test
    void stepLR() {
        SGD sgd = new SGD(parameters(81), 0.8);
        StepLR schedule = new StepLR(sgd, 3, 0.5);
        assertRate(0.8, sgd, "before any step");
        for (int t = 1; t <= 10; t++) {
            schedule.step();
            assertEquals(t, schedule.stepCount());
            assertRate(0.8 * Math.pow(0.5, Math.floor(t / 3.0)), sgd, "after step " + t);
        }
        // By hand: steps 9..11 are in the fourth period, 0.8 · 0.5³ = 0.1.
        assertRate(0.1, sgd, "after step 10");
    }

    @Test
    void pyTorchsDefaultsGammaPointOneAndEtaMinZero() {
        SGD a = new SGD(parameters(90), 1);
        StepLR step = new StepLR(a, 2);
        SGD b = new SGD(parameters(90), 1);
        CosineAnnealingLR cosine = new CosineAnnealingLR(b, 4);
        for (int t = 1; t <= 4; t++) {
            step.step();
            cosine.step();
        }
        assertRate(0.01, a, "two decays by 0.1");
        assertRate(0, b, "annealed to 0 at T_max");
    }

    @Test
    void cosineAnnealing() {
        Adam adam = new Adam(parameters(82), 0.1);
        CosineAnnealingLR schedule = new CosineAnnealingLR(adam, 10, 0.001);
        for (int t = 1; t <= 10; t++) {
            schedule.step();
            assertRate(0.001 + (0.1 - 0.001) * (1 + Math.cos(Math.PI * t / 10)) / 2, adam, "after step " + t);
        }
        assertRate(0.001, adam, "at T_max the rate is η_min");
        // And back up over the next T_max steps, through the trough's special case, and down again.
        for (int t = 11; t <= 35; t++) {
            schedule.step();
            assertRate(0.001 + (0.1 - 0.001) * (1 + Math.cos(Math.PI * t / 10)) / 2, adam, "after step " + t);
        }
    }

    /** PyTorch 2.13's rates after each epoch when the rate is set to 0.03 by hand before an epoch's step. */
    @Test
    void aRateSetByHandCarriesOnThroughTheSchedule() {
        SGD sgd = new SGD(parameters(89), 0.1);
        StepLR step = new StepLR(sgd, 3, 0.5);
        double[] pytorch = {0.1, 0.1, 0.05, 0.05, 0.03, 0.015, 0.015, 0.015, 0.0075, 0.0075, 0.0075, 0.00375};
        for (int epoch = 0; epoch < pytorch.length; epoch++) {
            if (epoch == 4) {
                sgd.setLearningRate(0.03);
            }
            step.step();
            assertRate(pytorch[epoch], sgd, "StepLR after epoch " + epoch);
        }
        SGD other = new SGD(parameters(89), 0.1);
        CosineAnnealingLR cosine = new CosineAnnealingLR(other, 5, 0.001);
        double[] annealed = {0.0905463412215599, 0.06579634122155989, 0.016308057305012197, 0.005231042978759149, 0.001,
            0.010453658778440102};
        for (int epoch = 0; epoch < annealed.length; epoch++) {
            if (epoch == 2) {
                other.setLearningRate(0.03);
            }
            cosine.step();
            assertRate(annealed[epoch], other, "CosineAnnealingLR after epoch " + epoch);
        }
    }

    /** PyTorch's two-phase one-cycle schedule, cosine annealing, written from its documentation. */
    private static double oneCycle(int t, double maxLr, int total, double pctStart, double div, double finalDiv) {
        double initial = maxLr / div;
        double min = initial / finalDiv;
        double[] ends = {pctStart * total - 1, total - 1};
        double[][] phases = {{initial, maxLr}, {maxLr, min}};
        double start = 0;
        for (int i = 0; i < 2; i++) {
            if (t <= ends[i] || i == 1) {
                double pct = (t - start) / (ends[i] - start);
                return phases[i][1] + (phases[i][0] - phases[i][1]) * (1 + Math.cos(Math.PI * pct)) / 2;
            }
            start = ends[i];
        }
        throw new AssertionError();
    }

    @Test
    void oneCycle() {
        RMSprop opt = new RMSprop(parameters(83), 123);
        OneCycleLR schedule = new OneCycleLR(opt, 0.5, 20, 0.3, 25, 1e4);
        assertRate(0.5 / 25, opt, "construction sets the initial rate");
        for (int t = 1; t < 20; t++) {
            schedule.step();
            assertRate(oneCycle(t, 0.5, 20, 0.3, 25, 1e4), opt, "after step " + t);
        }
        // Phase 1 ends at step 0.3·20 − 1 = 5 with the peak.
        schedule.setStepCount(4);
        schedule.step();
        assertRate(0.5, opt, "the peak");
        schedule.setStepCount(18);
        schedule.step();
        assertRate(0.5 / 25 / 1e4, opt, "the last step reaches the minimum");
    }

    @Test
    void oneCycleDefaults() {
        SGD a = new SGD(parameters(84), 1);
        SGD b = new SGD(parameters(84), 1);
        OneCycleLR defaults = new OneCycleLR(a, 0.1, 50);
        OneCycleLR explicit = new OneCycleLR(b, 0.1, 50, 0.3, 25, 1e4);
        for (int t = 0; t < 49; t++) {
            assertEquals(b.learningRate(), a.learningRate(), "step " + t);
            assertRate(oneCycle(t, 0.1, 50, 0.3, 25, 1e4), a, "step " + t);
            defaults.step();
            explicit.step();
        }
    }

    @Test
    void oneCycleWithAFractionalWarmUp() {
        // 0.25 · 10 − 1 = 1.5: phase 1 covers steps 0 and 1, phase 2 starts from 1.5.
        SGD sgd = new SGD(parameters(85), 1);
        OneCycleLR schedule = new OneCycleLR(sgd, 1.0, 10, 0.25, 10, 100);
        for (int t = 0; t < 10; t++) {
            if (t > 0) {
                schedule.step();
            }
            assertRate(oneCycle(t, 1.0, 10, 0.25, 10, 100), sgd, "step " + t);
        }
    }

    @Test
    void oneCycleRunsForTotalStepsSchedulerCallsAsInPyTorch() {
        // The usual loop calls step() after each of totalSteps optimizer steps; PyTorch
        // accepts all of them and refuses only a call past totalSteps.
        SGD sgd = new SGD(parameters(86), 1);
        OneCycleLR schedule = new OneCycleLR(sgd, 0.1, 8);
        for (int batch = 0; batch < 8; batch++) {
            sgd.step();
            schedule.step();
        }
        assertEquals(8, schedule.stepCount());
        assertRate(oneCycle(8, 0.1, 8, 0.3, 25, 1e4), sgd, "after the last batch");
        assertThrowsWith(IllegalStateException.class, schedule::step, "OneCycleLR", "9", "totalSteps of 8");
        assertEquals(8, schedule.stepCount(), "a refused step is not counted");
    }

    /** A run resumed from the optimizer's state and the step count takes the very rates of an uninterrupted one. */
    @Test
    void theOptimizersStateAndTheStepCountResumeEverySchedule() {
        for (int kind = 0; kind < 3; kind++) {
            SGD first = new SGD(parameters(87), 0.3);
            LRScheduler original = schedule(kind, first);
            for (int t = 0; t < 12; t++) {
                original.step();
            }
            SGD second = new SGD(parameters(87), 0.3);
            LRScheduler resumed = schedule(kind, second);
            second.loadStateDict(first.stateDict());
            resumed.setStepCount(original.stepCount());
            assertEquals(first.learningRate(), second.learningRate(), "kind " + kind);
            for (int t = 0; t < 10; t++) {
                original.step();
                resumed.step();
                assertEquals(first.learningRate(), second.learningRate(), "kind " + kind + ", step " + original.stepCount());
            }
        }
    }

    private static LRScheduler schedule(int kind, Optimizer optimizer) {
        return switch (kind) {
            case 0 -> new StepLR(optimizer, 5, 0.7);
            case 1 -> new CosineAnnealingLR(optimizer, 7, 0.01);
            default -> new OneCycleLR(optimizer, 0.3, 30);
        };
    }

    @Test
    void aSchedulerMadeAfterLoadingTheOptimizerGoesOnFromItsRateAsInPyTorch() {
        // StepLR(3, 0.5) from 0.1 for seven epochs, saved; a new StepLR on the restored optimizer:
        // PyTorch 2.13 gives 0.025, then 0.025, 0.025, 0.0125, 0.0125. initial_lr is kept.
        SGD first = new SGD(parameters(88), 0.1);
        assertFalse(new SGD(parameters(88), 0.1).stateDict().containsKey("initial_lr"), "no scheduler, no initial_lr");
        StepLR original = new StepLR(first, 3, 0.5);
        for (int t = 0; t < 7; t++) {
            original.step();
        }
        Map<String, Tensor> saved = first.stateDict();
        assertEquals(0.1f, saved.get("initial_lr").toArray()[0]);

        SGD second = new SGD(parameters(88), 0.1);
        second.loadStateDict(saved);
        StepLR fresh = new StepLR(second, 3, 0.5);
        assertEquals(0.1, fresh.baseLearningRate(), "the first scheduler's starting rate");
        double[] pytorch = {0.025, 0.025, 0.025, 0.0125, 0.0125};
        assertRate(pytorch[0], second, "after loading");
        for (int t = 1; t < pytorch.length; t++) {
            fresh.step();
            assertRate(pytorch[t], second, "after step " + t + " of the new scheduler");
        }
    }

    @Test
    void errors() {
        SGD sgd = new SGD(parameters(88), 0.1);
        assertThrowsWith(IllegalArgumentException.class, () -> new StepLR(null, 1, 0.1), "optimizer", "null");
        assertThrowsWith(IllegalArgumentException.class, () -> new StepLR(sgd, 0, 0.1), "stepSize > 0", "0, 0.1");
        assertThrowsWith(IllegalArgumentException.class, () -> new StepLR(sgd, 2, -0.1), "gamma >= 0", "-0.1");
        assertThrowsWith(IllegalArgumentException.class, () -> new CosineAnnealingLR(sgd, 0, 0), "tMax > 0");
        assertThrowsWith(IllegalArgumentException.class, () -> new CosineAnnealingLR(sgd, 5, -1e-3), "etaMin >= 0",
                "-0.001");
        assertThrowsWith(IllegalArgumentException.class, () -> new OneCycleLR(sgd, 0, 10), "maxLr > 0");
        assertThrowsWith(IllegalArgumentException.class, () -> new OneCycleLR(sgd, 0.1, 1), "totalSteps >= 2", ", 1,");
        assertThrowsWith(IllegalArgumentException.class, () -> new OneCycleLR(sgd, 0.1, 10, 1.0, 25, 1e4),
                "pctStart in (0, 1)");
        assertThrowsWith(IllegalArgumentException.class, () -> new OneCycleLR(sgd, 0.1, 10, 0.3, 0, 1e4),
                "positive factors");
        assertThrowsWith(IllegalArgumentException.class, () -> new OneCycleLR(sgd, 0.1, 10, 0.3, 25, -1),
                "positive factors");
        double inf = Double.POSITIVE_INFINITY;
        assertThrowsWith(IllegalArgumentException.class, () -> new StepLR(sgd, 1, inf), "finite gamma", "Infinity");
        assertThrowsWith(IllegalArgumentException.class, () -> new CosineAnnealingLR(sgd, 10, inf), "finite etaMin",
                "Infinity");
        assertThrowsWith(IllegalArgumentException.class, () -> new OneCycleLR(sgd, inf, 100), "finite maxLr",
                "Infinity");
        StepLR schedule = new StepLR(sgd, 1, 0.5);
        assertThrowsWith(IllegalArgumentException.class, () -> schedule.setStepCount(-1), "non-negative", "-1");
    }
}
