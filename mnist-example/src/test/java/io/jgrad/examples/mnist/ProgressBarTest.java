package io.jgrad.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The progress bar draws what a reader can follow: on a terminal at most ten frames a second
 * plus the last one; in a log one line per tenth of the way.
 */
class ProgressBarTest {
    private long now;

    @Test
    void aTerminalBarIsRedrawnAtMostTenTimesASecondAndAlwaysAtTheEnd() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar("epoch 1/1", 1000, new PrintWriter(text), true, () -> now);
        for (int step = 1; step <= 1000; step++) {
            now = step * 1_000_000L;
            bar.update(step, "step " + step);
        }
        String[] frames = text.toString().split("\r", -1);
        // Before the first \r nothing; then the first frame (1 ms), one per 100 ms (101 ... 901 ms), the last.
        assertEquals(1 + 1 + 9 + 1, frames.length, text.toString());
        assertTrue(frames[frames.length - 1].contains("1000/1000 step 1000"), frames[frames.length - 1]);
        assertTrue(frames[1].contains("1/1000 step 1"), frames[1]);
    }

    @Test
    void aLogGetsOneLinePerTenthOfTheWay() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar("download", 50, new PrintWriter(text), false, () -> now);
        for (int done = 1; done <= 50; done++) {
            bar.update(done, "");
        }
        String[] lines = text.toString().strip().split("\n");
        assertEquals(11, lines.length, text.toString());
        assertTrue(lines[10].contains("[==============================] 50/50"), lines[10]);
    }
}
