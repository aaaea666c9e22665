package io.jgrad.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.tensor.Tensor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Digit images prepared as MNIST's were: a dark digit on a light page of any size comes out
 * light on dark, 28×28, inside a 20×20 box, with its centre of mass where MNIST's digits have
 * theirs: at pixel 14 (the mean over MNIST's test images is 13.99 down and 14.01 across).
 */
class DigitImageTest {
    @TempDir
    Path dir;

    /** A dark stroke of random ellipses somewhere on a white page of random size. */
    private Path randomDigit(SplittableRandom random, int i) throws IOException {
        int w = 40 + random.nextInt(200), h = 40 + random.nextInt(200);
        BufferedImage page = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        for (int k = 0; k < 1 + random.nextInt(4); k++) {
            int ew = 4 + random.nextInt(w / 2), eh = 4 + random.nextInt(h / 2);
            g.fillOval(random.nextInt(w - ew), random.nextInt(h - eh), ew, eh);
        }
        g.dispose();
        Path file = dir.resolve("digit" + i + ".png");
        ImageIO.write(page, "png", file.toFile());
        return file;
    }

    @Test
    void theCentreOfMassLandsAtPixelFourteen() throws IOException {
        SplittableRandom random = new SplittableRandom(14);
        double sumY = 0, sumX = 0;
        int n = 40;
        for (int i = 0; i < n; i++) {
            Tensor digit = DigitImage.fromFile(randomDigit(random, i));
            assertArrayEquals(new int[] {1, 1, 28, 28}, digit.shape().toArray());
            float[] v = digit.toArray();
            double mass = 0, cy = 0, cx = 0;
            int top = 28, bottom = -1, left = 28, right = -1;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    float p = v[y * 28 + x];
                    assertTrue(p >= 0 && p <= 1, "pixel " + p + " outside [0, 1]");
                    mass += p;
                    cy += y * p;
                    cx += x * p;
                    if (p > 0.1f) {
                        top = Math.min(top, y);
                        bottom = Math.max(bottom, y);
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                    }
                }
            }
            assertTrue(mass > 0, "digit " + i + " lost its ink");
            assertTrue(bottom - top < 21 && right - left < 21, "digit " + i + " is larger than the 20x20 box");
            // A whole-pixel shift puts the centre of mass within half a pixel of 14.
            assertEquals(14, cy / mass, 0.5 + 1e-6, "digit " + i + " down");
            assertEquals(14, cx / mass, 0.5 + 1e-6, "digit " + i + " across");
            sumY += cy / mass;
            sumX += cx / mass;
        }
        assertEquals(14, sumY / n, 0.2, "mean centre of mass down");
        assertEquals(14, sumX / n, 0.2, "mean centre of mass across");
    }

    @Test
    void aUniformPictureOfAnySizeOrShadeIsNoDigit() throws IOException {
        for (int size : new int[] {1, 30}) {
            for (int shade : new int[] {0, 128, 255}) {
                BufferedImage page = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        page.getRaster().setSample(x, y, 0, shade);
                    }
                }
                Path file = dir.resolve("uniform-" + size + "-" + shade + ".png");
                ImageIO.write(page, "png", file.toFile());
                IOException e = assertThrows(IOException.class, () -> DigitImage.fromFile(file));
                assertTrue(e.getMessage().contains("no digit"), e.getMessage());
            }
        }
    }

    @Test
    void aStrokeOnATransparentPageIsInkWhateverItsColour() throws IOException {
        for (Color stroke : new Color[] {Color.WHITE, Color.BLACK, Color.RED}) {
            BufferedImage page = new BufferedImage(60, 60, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = page.createGraphics();
            // Transparent white: the page's colour is the stroke's, only its opacity differs.
            g.setComposite(java.awt.AlphaComposite.Src);
            g.setColor(new Color(255, 255, 255, 0));
            g.fillRect(0, 0, 60, 60);
            g.setColor(stroke);
            g.fillRect(20, 10, 10, 40);
            g.dispose();
            Path file = dir.resolve("stroke.png");
            ImageIO.write(page, "png", file.toFile());
            float[] v = DigitImage.fromFile(file).toArray();
            double mass = 0;
            float brightest = 0;
            for (float p : v) {
                mass += p;
                brightest = Math.max(brightest, p);
            }
            assertEquals(1f, brightest, 1e-6, stroke + ": the stroke is full ink");
            // A 10x40 bar scaled into the 20-pixel box: 5x20 pixels of ink.
            assertEquals(100, mass, 15, stroke + ": the ink of a 5x20 bar");
        }
    }

    @Test
    void anOpaquePageWithSomeTransparencyIsReadByItsColours() throws IOException {
        // Screenshots with rounded corners, a transparent frame, one pixel not quite opaque:
        // transparency there is white paper, and the digit comes out as from the plain page.
        Tensor[] results = new Tensor[3];
        for (int variant = 0; variant < 3; variant++) {
            BufferedImage page = new BufferedImage(80, 80, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = page.createGraphics();
            g.setComposite(java.awt.AlphaComposite.Src);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 80, 80);
            g.setColor(Color.BLACK);
            g.fillRect(35, 10, 10, 60);
            g.setColor(new Color(255, 255, 255, 0));
            if (variant == 1) {
                g.drawRect(0, 0, 79, 79);
            }
            g.dispose();
            if (variant == 2) {
                page.setRGB(40, 75, 0xFEFFFFFF);
            }
            Path file = dir.resolve("opaque" + variant + ".png");
            ImageIO.write(page, "png", file.toFile());
            results[variant] = DigitImage.fromFile(file);
        }
        assertEquals(results[0], results[1], "a transparent frame");
        assertEquals(results[0], results[2], "one pixel of alpha 254");
    }

    @Test
    void layersAndCardsWithTransparencyAreReadByTheirColours() throws IOException {
        // A black bar on white at 40% opacity throughout; a white card holding the bar inside a
        // wide transparent margin; a bold white stroke covering most of a transparent canvas.
        BufferedImage faint = new BufferedImage(60, 60, BufferedImage.TYPE_INT_ARGB);
        BufferedImage card = new BufferedImage(120, 120, BufferedImage.TYPE_INT_ARGB);
        BufferedImage bold = new BufferedImage(40, 40, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 60; x++) {
                boolean ink = x >= 25 && x < 35 && y >= 10 && y < 50;
                faint.setRGB(x, y, ink ? 0x66000000 : 0x66FFFFFF);
            }
        }
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 120; x++) {
                boolean inCard = x >= 30 && x < 90 && y >= 30 && y < 90;
                boolean ink = x >= 55 && x < 65 && y >= 40 && y < 80;
                card.setRGB(x, y, !inCard ? 0x00000000 : ink ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                bold.setRGB(x, y, x >= 2 && x < 38 && y >= 2 && y < 38 ? 0xFFFFFFFF : 0x00FFFFFF);
            }
        }
        for (BufferedImage image : new BufferedImage[] {faint, card}) {
            Path file = dir.resolve("layered.png");
            ImageIO.write(image, "png", file.toFile());
            float[] v = DigitImage.fromFile(file).toArray();
            int inked = 0;
            for (float p : v) {
                inked += p > 0.5f ? 1 : 0;
            }
            // A 10x40 bar fitted into the 20-pixel box: about 5x20 pixels, not a filled block.
            assertEquals(100, inked, 25, "the bar, not the page");
        }
        Path file = dir.resolve("bold.png");
        ImageIO.write(bold, "png", file.toFile());
        float brightest = 0;
        for (float p : DigitImage.fromFile(file).toArray()) {
            brightest = Math.max(brightest, p);
        }
        assertEquals(1f, brightest, 1e-6, "the bold white stroke is ink");
    }

    @Test
    void inkOnGreyPaperIsStretchedToFullContrast() throws IOException {
        BufferedImage page = new BufferedImage(60, 60, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 60; x++) {
                boolean ink = x >= 20 && x < 30 && y >= 10 && y < 50;
                page.getRaster().setSample(x, y, 0, ink ? 100 : 200);
            }
        }
        Path file = dir.resolve("grey.png");
        ImageIO.write(page, "png", file.toFile());
        float[] v = DigitImage.fromFile(file).toArray();
        float brightest = 0, darkest = 1;
        for (float p : v) {
            brightest = Math.max(brightest, p);
            darkest = Math.min(darkest, p);
        }
        assertEquals(1f, brightest, 1e-6, "the ink");
        assertEquals(0f, darkest, 1e-6, "the paper");
    }

    @Test
    void aBlankImageIsRefusedWithItsName() throws IOException {
        BufferedImage page = new BufferedImage(30, 30, BufferedImage.TYPE_INT_RGB);
        Path file = dir.resolve("blank.png");
        ImageIO.write(page, "png", file.toFile());
        IOException e = assertThrows(IOException.class, () -> DigitImage.fromFile(file));
        assertTrue(e.getMessage().contains("blank.png") && e.getMessage().contains("no digit"), e.getMessage());
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
        IOException notImage = assertThrows(IOException.class,
                () -> DigitImage.fromFile(text));
        assertTrue(notImage.getMessage().contains("not an image"), notImage.getMessage());
    }
}
