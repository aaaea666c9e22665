package io.jgrad.nn.optim;

import static io.jgrad.nn.optim.OptimFixtures.assertThrowsWith;
import static io.jgrad.nn.optim.OptimFixtures.parameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jgrad.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schedules against PyTorch's documented closed forms, written out here:
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
    void cosineAnnealing() {
        Adam adam = new Adam(parameters(82), 0.1);
        CosineAnnealingLR schedule = new CosineAnnealingLR(adam, 10, 0.001);
        for (int t = 1; t <= 10; t++) {
            schedule.step();
            assertRate(0.001 + (0.1 - 0.001) * (1 + Math.cos(Math.PI * t / 10)) / 2, adam, "after step " + t);
        }
        assertRate(0.001, adam, "at T_max the rate is η_min");
        schedule.setStepCount(5);
        assertRate((0.1 + 0.001) / 2, adam, "half way the rate is the midpoint");
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
        schedule.setStepCount(5);
        assertRate(0.5, opt, "the peak");
        schedule.setStepCount(19);
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

    @Test
    void setStepCountResumesTheSchedule() {
        SGD first = new SGD(parameters(87), 0.3);
        OneCycleLR original = new OneCycleLR(first, 0.3, 30);
        for (int t = 0; t < 12; t++) {
            original.step();
        }
        SGD second = new SGD(parameters(87), 0.3);
        OneCycleLR resumed = new OneCycleLR(second, 0.3, 30);
        resumed.setStepCount(original.stepCount());
        assertEquals(first.learningRate(), second.learningRate());
        for (int t = 0; t < 10; t++) {
            original.step();
            resumed.step();
            assertEquals(first.learningRate(), second.learningRate(), "step " + original.stepCount());
        }

        SGD third = new SGD(parameters(87), 0.3);
        StepLR step = new StepLR(third, 2, 0.1);
        step.setStepCount(7);
        assertRate(0.3 * 1e-3, third, "StepLR jumped to step 7");
        step.setStepCount(0);
        assertRate(0.3, third, "and back to the start");
    }

    @Test
    void aSchedulerMadeAfterLoadingTheOptimizerContinuesTheSavedSchedule() {
        // As PyTorch's initial_lr: the restored optimizer's rate has decayed, but the schedule
        // still starts from the first scheduler's rate.
        SGD first = new SGD(parameters(88), 0.3);
        StepLR original = new StepLR(first, 1, 0.5);
        assertFalse(new SGD(parameters(88), 0.3).stateDict().containsKey("initial_lr"), "no scheduler, no initial_lr");
        original.step();
        original.step();
        Map<String, Tensor> saved = first.stateDict();
        assertEquals(0.3f, saved.get("initial_lr").item());

        SGD second = new SGD(parameters(88), 0.3);
        second.loadStateDict(saved);
        assertEquals(0.075, second.learningRate(), 1e-8, "the restored rate (saved as a float), 0.3 halved twice");
        StepLR resumed = new StepLR(second, 1, 0.5);
        resumed.setStepCount(original.stepCount());
        assertEquals(first.learningRate(), second.learningRate(), "after setStepCount");
        original.step();
        resumed.step();
        assertEquals(first.learningRate(), second.learningRate(), "one step later");
        assertRate(0.0375, second, "0.3 halved three times");
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
        StepLR schedule = new StepLR(sgd, 1, 0.5);
        assertThrowsWith(IllegalArgumentException.class, () -> schedule.setStepCount(-1), "non-negative", "-1");
    }
}
