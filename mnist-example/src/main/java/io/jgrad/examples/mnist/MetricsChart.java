package io.jgrad.examples.mnist;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Draws the loss and accuracy curves per epoch, side by side, as one PNG. */
final class MetricsChart {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 400;

    private MetricsChart() {
    }

    static byte[] png(List<EpochMetrics> history) {
        double[] epochs = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
        XYChart loss = chart("Loss", "cross-entropy");
        loss.addSeries("train", epochs, history.stream().mapToDouble(EpochMetrics::trainLoss).toArray());
        loss.addSeries("test", epochs, history.stream().mapToDouble(EpochMetrics::testLoss).toArray());
        XYChart accuracy = chart("Accuracy", "% correct");
        accuracy.addSeries("train", epochs, history.stream().mapToDouble(m -> 100 * m.trainAccuracy()).toArray());
        accuracy.addSeries("test", epochs, history.stream().mapToDouble(m -> 100 * m.testAccuracy()).toArray());
        BufferedImage image = new BufferedImage(2 * WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.drawImage(BitmapEncoder.getBufferedImage(loss), 0, 0, null);
        g.drawImage(BitmapEncoder.getBufferedImage(accuracy), WIDTH, 0, null);
        g.dispose();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the metrics chart", e);
        }
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setDecimalPattern("#0.###");
        return chart;
    }
}
