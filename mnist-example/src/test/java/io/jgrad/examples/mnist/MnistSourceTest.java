package io.jgrad.examples.mnist;

import static io.jgrad.examples.mnist.IdxBytes.gzip;
import static io.jgrad.examples.mnist.IdxBytes.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistSourceTest {
    private static MnistData shipped;
    private static double shippedCpuSeconds;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadShipped() throws IOException {
        // CPU time, not wall time: the suite may share the machine with other builds.
        var threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        shipped = MnistSource.shipped();
        shippedCpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.printf("loaded the shipped MNIST in %.2f s (%.2f s of CPU)%n", (System.nanoTime() - wall) / 1e9,
                shippedCpuSeconds);
    }

    // ---------------------------------------------------------------- the shipped copy (published facts)

    @Test
    void shipsSixtyThousandTrainingAndTenThousandTestImages() {
        assertEquals(60_000, shipped.train().size());
        assertEquals(10_000, shipped.test().size());
        assertArrayEquals(new int[] {60_000, 1, 28, 28}, shipped.train().images().shape().toArray());
        assertArrayEquals(new int[] {10_000}, shipped.test().labels().shape().toArray());
        assertArrayEquals(new int[] {60_000, 784}, shipped.train().flatImages().shape().toArray());
        assertTrue(shipped.train().flatImages().sharesStorageWith(shipped.train().images()));
    }

    @Test
    void hasThePublishedClassCounts() {
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
                classCounts(shipped.train().labels()));
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009},
                classCounts(shipped.test().labels()));
    }

    @Test
    void hasThePublishedPixelStatistics() {
        Tensor pixels = shipped.train().images();
        int[] perImage = {1, 2, 3};
        // Sums in double here: a float sum of 47 million pixels is off in the fourth digit.
        double sum = sumInDouble(pixels.sum(perImage, false));
        double sumOfSquares = sumInDouble(pixels.mul(pixels).sum(perImage, false));
        double count = pixels.numel();
        double mean = sum / count;
        assertEquals(0.1307, mean, 5e-5);
        assertEquals(0.3081, Math.sqrt(sumOfSquares / count - mean * mean), 5e-5);
        assertEquals(0f, pixels.min().item());
        assertEquals(1f, pixels.max().item());
    }

    @Test
    void loadsTheShippedCopyQuickly() {
        assertTrue(shippedCpuSeconds < 3, "took " + shippedCpuSeconds + " s of CPU");
    }

    @Test
    void theCommandLineDefaultIsTheShippedCopy() throws IOException {
        MnistData loaded = MnistSource.load(null);
        assertEquals(60_000, loaded.train().size());
        assertTrue(loaded.test().images().allClose(shipped.test().images(), 0, 0));
    }

    @Test
    void aShippedFileMustDecompressToTheStandardFile() {
        byte[] other = idx(new int[] {2}, new byte[] {1, 2});
        var e = assertThrows(ChecksumMismatchException.class, () -> MnistSource.readVerified(
                new ByteArrayInputStream(gzip(other)), "r", MnistFile.TRAIN_LABELS));
        assertEquals("r: SHA-256 of the decompressed content is " + IdxBytes.sha256(other)
                + ", expected 65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", e.getMessage());
    }

    // ---------------------------------------------------------------- directories

    @Test
    void theCommandLineReadsACompleteDirectoryWithoutDownloading() throws IOException {
        writeSmallSet();
        assertArrayEquals(new float[] {1, 2}, MnistSource.load(dir).train().labels().toArray());
    }

    @Test
    void theTestSplitAloneNeedsNoTrainingFiles() throws IOException {
        byte[] testPixels = IdxBytes.randomBytes(3 * 784, 2);
        write(MnistFile.TEST_IMAGES.fileName(), idx(new int[] {3, 28, 28}, testPixels));
        write(MnistFile.TEST_LABELS.gzipName(), gzip(idx(new int[] {3}, new byte[] {7, 8, 2})));
        MnistSplit test = MnistSource.loadTest(dir);
        assertArrayEquals(new float[] {7, 8, 2}, test.labels().toArray());
        assertArrayEquals(scaled(testPixels), test.flatImages().toArray());
        assertTrue(MnistSource.loadTest(null).images().allClose(shipped.test().images(), 0, 0));
        assertThrows(NoSuchFileException.class, () -> MnistSource.loadTest(dir.resolve("absent")));
    }

    @Test
    void readsAnyNumberOfExamplesFromADirectoryRawOrGzipped() throws IOException {
        byte[] trainPixels = IdxBytes.randomBytes(5 * 784, 1);
        byte[] testPixels = IdxBytes.randomBytes(3 * 784, 2);
        write(MnistFile.TRAIN_IMAGES.gzipName(), gzip(idx(new int[] {5, 28, 28}, trainPixels)));
        write(MnistFile.TRAIN_LABELS.fileName(), idx(new int[] {5}, new byte[] {9, 0, 3, 3, 1}));
        write(MnistFile.TEST_IMAGES.fileName(), idx(new int[] {3, 28, 28}, testPixels));
        write(MnistFile.TEST_LABELS.gzipName(), gzip(idx(new int[] {3}, new byte[] {7, 8, 2})));

        MnistData data = MnistSource.fromDirectory(dir);

        assertEquals(5, data.train().size());
        assertEquals(3, data.test().size());
        assertArrayEquals(new float[] {9, 0, 3, 3, 1}, data.train().labels().toArray());
        assertArrayEquals(new float[] {7, 8, 2}, data.test().labels().toArray());
        assertArrayEquals(scaled(trainPixels), data.train().images().toArray());
        assertArrayEquals(scaled(testPixels), data.test().flatImages().toArray());
        assertEquals((testPixels[3 * 784 - 1] & 0xFF) / 255f, data.test().images().get(2, 0, 27, 27));
    }

    @Test
    void prefersTheRawFileWhenBothArePresent() throws IOException {
        writeSmallSet();
        write(MnistFile.TEST_LABELS.fileName(), idx(new int[] {1}, new byte[] {4}));
        write(MnistFile.TEST_LABELS.gzipName(), gzip(idx(new int[] {1}, new byte[] {5})));
        assertEquals(4f, MnistSource.fromDirectory(dir).test().labels().get(0));
    }

    @Test
    void namesEveryMissingFile() throws IOException {
        write(MnistFile.TRAIN_IMAGES.gzipName(), gzip(idx(new int[] {0, 28, 28}, new byte[0])));
        write(MnistFile.TEST_IMAGES.fileName(), idx(new int[] {0, 28, 28}, new byte[0]));
        var e = assertThrows(NoSuchFileException.class, () -> MnistSource.fromDirectory(dir));
        assertEquals(dir + ": missing train-labels-idx1-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]", e.getMessage());
    }

    @Test
    void rejectsSomethingThatIsNotADirectory() throws IOException {
        Path file = write("plain", new byte[0]);
        assertThrows(NotDirectoryException.class, () -> MnistSource.fromDirectory(file));
        assertThrows(NotDirectoryException.class, () -> MnistSource.fromDirectory(dir.resolve("absent")));
        assertThrows(NullPointerException.class, () -> MnistSource.fromDirectory(null));
    }

    @Test
    void rejectsImageAndLabelCountsThatDisagree() throws IOException {
        writeSmallSet();
        Path labels = write(MnistFile.TRAIN_LABELS.fileName(), idx(new int[] {3}, new byte[3]));
        var e = assertThrows(IdxFormatException.class, () -> MnistSource.fromDirectory(dir));
        assertEquals(labels + ": holds 3 labels, but " + dir.resolve(MnistFile.TRAIN_IMAGES.fileName())
                + " holds 2 images", e.getMessage());
    }

    @Test
    void rejectsImagesOfAnotherSize() throws IOException {
        writeSmallSet();
        Path images = write(MnistFile.TEST_IMAGES.fileName(), idx(new int[] {1, 32, 32}, new byte[32 * 32]));
        var e = assertThrows(IdxFormatException.class, () -> MnistSource.fromDirectory(dir));
        assertEquals(images + ": images are 32×32 pixels (dimensions [1, 32, 32]), MNIST-layout data needs 28×28",
                e.getMessage());
    }

    @Test
    void rejectsALabelThatIsNotADigitClass() throws IOException {
        writeSmallSet();
        Path labels = write(MnistFile.TRAIN_LABELS.fileName(), idx(new int[] {2}, new byte[] {9, 10}));
        var e = assertThrows(IdxFormatException.class, () -> MnistSource.fromDirectory(dir));
        assertEquals(labels + ": label 10 at index 1 is not a class from 0 to 9", e.getMessage());
    }

    @Test
    void reportsAMalformedFileByItsName() throws IOException {
        writeSmallSet();
        Path labels = write(MnistFile.TEST_LABELS.fileName(), idx(0x00000803, new int[] {1}, new byte[1]));
        var e = assertThrows(IdxFormatException.class, () -> MnistSource.fromDirectory(dir));
        assertTrue(e.getMessage().startsWith(labels + ": magic number 0x00000803 declares rank 3"), e.getMessage());
    }

    @Test
    void splitsCheckTheirShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MnistSplit(Tensor.zeros(2, 784), Tensor.zeros(2)));
        assertEquals("an MNIST split needs images [N, 1, 28, 28] and labels [N], got [2, 784] and [2]",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MnistSplit(Tensor.zeros(2, 1, 28, 28), Tensor.zeros(3)));
        assertThrows(NullPointerException.class, () -> new MnistSplit(null, Tensor.zeros(2)));
        MnistSplit split = new MnistSplit(Tensor.zeros(2, 1, 28, 28), Tensor.zeros(2));
        assertThrows(NullPointerException.class, () -> new MnistData(split, null));
        assertSame(split, new MnistData(split, split).test());
    }

    // ---------------------------------------------------------------- helpers

    /** Two training and one test example, all four files raw. */
    private void writeSmallSet() throws IOException {
        write(MnistFile.TRAIN_IMAGES.fileName(), idx(new int[] {2, 28, 28}, new byte[2 * 784]));
        write(MnistFile.TRAIN_LABELS.fileName(), idx(new int[] {2}, new byte[] {1, 2}));
        write(MnistFile.TEST_IMAGES.fileName(), idx(new int[] {1, 28, 28}, new byte[784]));
        write(MnistFile.TEST_LABELS.fileName(), idx(new int[] {1}, new byte[] {3}));
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static float[] scaled(byte[] pixels) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = (pixels[i] & 0xFF) / 255f;
        }
        return out;
    }

    private static double sumInDouble(Tensor values) {
        double sum = 0;
        for (float v : values.toArray()) {
            sum += v;
        }
        return sum;
    }

    private static int[] classCounts(Tensor labels) {
        int[] counts = new int[10];
        for (float label : labels.toArray()) {
            counts[(int) label]++;
        }
        return counts;
    }
}
