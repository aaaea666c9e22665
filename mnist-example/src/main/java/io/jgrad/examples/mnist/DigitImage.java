package io.jgrad.examples.mnist;

import io.jgrad.tensor.Tensor;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Turns an image of a digit into an MNIST-style input the way the MNIST digits were
 * prepared: grey levels with the digit light on dark, the digit's bounding box scaled to fit
 * 20×20 with its aspect ratio kept, then placed in a 28×28 field so that its centre of mass
 * sits at the centre.
 */
final class DigitImage {
    private static final int SIZE = 28;
    private static final int BOX = 20;
    private static final float INK = 0.1f;

    private DigitImage() {
    }

    /**
     * @return the image as {@code [1, 1, 28, 28]} with values in [0, 1]
     * @throws IOException if the file is missing, not an image, or shows no digit
     */
    static Tensor fromFile(Path file) throws IOException {
        InputFile.requireRegular(file, "image");
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            // ImageIO's messages ("Error reading PNG image data") do not name the file.
            throw new IOException(file + " could not be read as an image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException(file + " is not an image format this JVM reads (PNG, JPEG, GIF, BMP, TIFF)");
        }
        float[][] grey = grey(image);
        int h = grey.length, w = grey[0].length;
        int top = h, bottom = -1, left = w, right = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (grey[y][x] > INK) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        if (bottom < 0) {
            throw new IOException(file + " shows no digit: every pixel has the background's colour");
        }
        return centred(scaled(grey, top, bottom, left, right));
    }

    /**
     * Ink levels in [0, 1], 0 for the page. Transparent pixels are white paper. A light page is
     * inverted, since MNIST's digits are light on dark; then the page's level (the border's
     * mean) is subtracted and the strongest ink stretched to 1, so that grey paper or a uniform
     * picture is no digit. An image that shows no ink that way but whose opacity varies (a
     * white stroke on a transparent page) is read by its opacity instead.
     */
    private static float[][] grey(BufferedImage image) {
        int h = image.getHeight(), w = image.getWidth();
        float[][] alpha = new float[h][w];
        float[][] grey = new float[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                alpha[y][x] = ((argb >>> 24) & 0xff) / 255f;
                float luminance = (0.299f * ((argb >> 16) & 0xff) + 0.587f * ((argb >> 8) & 0xff)
                        + 0.114f * (argb & 0xff)) / 255f;
                grey[y][x] = alpha[y][x] * luminance + (1 - alpha[y][x]);
            }
        }
        return stretched(grey) ? grey : stretched(alpha) ? alpha : grey;
    }

    /**
     * Turns {@code level} in place into ink levels from its page (see {@link #grey}); returns
     * whether it holds any ink, all zeros otherwise.
     */
    private static boolean stretched(float[][] level) {
        int w = level[0].length;
        double border = borderMean(level);
        boolean lightPage = border > 0.5;
        float page = (float) (lightPage ? 1 - border : border);
        float strongest = page;
        for (float[] row : level) {
            for (int x = 0; x < w; x++) {
                row[x] = lightPage ? 1 - row[x] : row[x];
                strongest = Math.max(strongest, row[x]);
            }
        }
        float range = strongest - page;
        for (float[] row : level) {
            for (int x = 0; x < w; x++) {
                row[x] = range < INK ? 0 : Math.clamp((row[x] - page) / range, 0f, 1f);
            }
        }
        return range >= INK;
    }

    private static double borderMean(float[][] level) {
        int h = level.length, w = level[0].length;
        double sum = 0;
        int count = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y == 0 || x == 0 || y == h - 1 || x == w - 1) {
                    sum += level[y][x];
                    count++;
                }
            }
        }
        return sum / count;
    }

    private static float[][] scaled(float[][] grey, int top, int bottom, int left, int right) {
        int h = bottom - top + 1, w = right - left + 1;
        BufferedImage crop = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = Math.round(255 * grey[top + y][left + x]);
                crop.getRaster().setSample(x, y, 0, v);
            }
        }
        double scale = (double) BOX / Math.max(w, h);
        int sw = Math.max(1, (int) Math.round(w * scale)), sh = Math.max(1, (int) Math.round(h * scale));
        BufferedImage small = new BufferedImage(sw, sh, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(crop.getScaledInstance(sw, sh, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        float[][] out = new float[sh][sw];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                out[y][x] = small.getRaster().getSample(x, y, 0) / 255f;
            }
        }
        return out;
    }

    private static Tensor centred(float[][] digit) {
        int h = digit.length, w = digit[0].length;
        double mass = 0, cy = 0, cx = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                mass += digit[y][x];
                cy += y * digit[y][x];
                cx += x * digit[y][x];
            }
        }
        // MNIST's digits have their centre of mass at pixel 14 (the test set's mean is 13.99 down
        // and 14.01 across), not at 13.5, the middle of the 28 pixel indices.
        int offsetY = (int) Math.round(SIZE / 2.0 - (mass > 0 ? cy / mass : h / 2.0));
        int offsetX = (int) Math.round(SIZE / 2.0 - (mass > 0 ? cx / mass : w / 2.0));
        float[] field = new float[SIZE * SIZE];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int ty = y + offsetY, tx = x + offsetX;
                if (ty >= 0 && ty < SIZE && tx >= 0 && tx < SIZE) {
                    field[ty * SIZE + tx] = digit[y][x];
                }
            }
        }
        return Tensor.of(field, 1, 1, SIZE, SIZE);
    }
}
