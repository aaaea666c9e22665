package io.jgrad.tensor;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * An n-dimensional array of floats: a strided view {@code (storage, shape, strides, offset)}
 * over a {@code float[]}. Element {@code (i0, i1, ...)} lives at
 * {@code storage[offset + i0*strides[0] + i1*strides[1] + ...]}.
 *
 * <p>View operations ({@link #reshape}, {@link #transpose}, {@link #permute}, {@link #expand},
 * {@link #narrow}, {@link #select}, ...) share storage with the tensor they come from and
 * copy nothing. Every other operation returns a new contiguous tensor and leaves its inputs
 * untouched, except the {@code ...InPlace} methods, which write into {@code this}.
 *
 * <p>Binary operations broadcast by NumPy's rules. Dimension arguments may be negative to
 * count from the end. Index tensors (for {@link #gather}, {@link #indexSelect},
 * {@link #oneHot}, and the results of {@link #argmax}) hold whole numbers as floats, exact up
 * to 2<sup>24</sup>.
 *
 * <p>Bad arguments raise {@link IllegalArgumentException} (shapes, values) or
 * {@link IndexOutOfBoundsException} (dimensions, indices), with messages naming what was
 * expected and what was given. Tensors are not thread-safe for writing.
 */
public final class Tensor {
    private final Storage storage;
    private final Shape shape;
    private final int[] strides;
    private final int offset;

    private Tensor(Storage storage, Shape shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    private Tensor(Shape shape) {
        this(new Storage(new float[shape.numel()]), shape, shape.contiguousStrides(), 0);
    }

    // ---------------------------------------------------------------- creation

    /** A new tensor of the given shape filled with zeros. */
    public static Tensor zeros(int... shape) {
        return new Tensor(Shape.of(shape));
    }

    /** A new tensor of the given shape filled with ones. */
    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** A new tensor of the given shape filled with {@code value}. */
    public static Tensor full(float value, int... shape) {
        Tensor t = new Tensor(Shape.of(shape));
        Arrays.fill(t.storage.data, value);
        return t;
    }

    /** A rank-0 tensor holding {@code value}. */
    public static Tensor scalar(float value) {
        return full(value, new int[0]);
    }

    /**
     * {@code [0, 1, ..., end-1]} as a 1-D tensor.
     *
     * @throws IllegalArgumentException if {@code end} is negative
     */
    public static Tensor arange(int end) {
        return arange(0, end, 1);
    }

    /**
     * The 1-D tensor {@code start, start+step, ...} of values below {@code end} (above, for a
     * negative step), as PyTorch's {@code arange}.
     *
     * @throws IllegalArgumentException if {@code step} is zero or points away from {@code end}, a
     *     bound is not finite, or the range has more than {@link Integer#MAX_VALUE} elements
     */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0 || !Float.isFinite(start) || !Float.isFinite(end) || !Float.isFinite(step)) {
            throw new IllegalArgumentException("arange needs finite bounds and a non-zero step, got start="
                    + start + ", end=" + end + ", step=" + step);
        }
        if (step > 0 ? end < start : end > start) {
            throw new IllegalArgumentException("arange's step must point from start to end, got start=" + start
                    + ", end=" + end + ", step=" + step);
        }
        double count = Math.ceil(((double) end - start) / step);
        // Casting a larger count to int would clamp it to Integer.MAX_VALUE and try that.
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("arange from " + start + " to " + end + " by " + step + " has "
                    + (long) count + " elements, more than " + Integer.MAX_VALUE);
        }
        int n = (int) count;
        Tensor t = zeros(n);
        for (int i = 0; i < n; i++) {
            t.storage.data[i] = (float) (start + (double) i * step);
        }
        return t;
    }

    /**
     * A new tensor of the given shape holding a copy of {@code data} in row-major order.
     *
     * @throws IllegalArgumentException if the data's length is not the shape's element count
     */
    public static Tensor of(float[] data, int... shape) {
        Shape s = Shape.of(shape);
        if (data.length != s.numel()) {
            throw new IllegalArgumentException("shape " + s + " needs " + s.numel()
                    + " elements, but the data has " + data.length);
        }
        return new Tensor(new Storage(data.clone()), s, s.contiguousStrides(), 0);
    }

    /** The n×n identity matrix. */
    public static Tensor eye(int n) {
        Tensor t = zeros(n, n);
        for (int i = 0; i < n; i++) {
            t.storage.data[i * n + i] = 1f;
        }
        return t;
    }

    /** Values drawn uniformly from {@code [0, 1)} with {@code random}. */
    public static Tensor rand(RandomGenerator random, int... shape) {
        Tensor t = zeros(shape);
        float[] d = t.storage.data;
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextFloat();
        }
        return t;
    }

    /** Values drawn from the standard normal distribution with {@code random}. */
    public static Tensor randn(RandomGenerator random, int... shape) {
        Tensor t = zeros(shape);
        float[] d = t.storage.data;
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) random.nextGaussian();
        }
        return t;
    }

    // ---------------------------------------------------------------- metadata and access

    /** This tensor's shape. */
    public Shape shape() {
        return shape;
    }

    /** The number of dimensions (0 for a scalar). */
    public int rank() {
        return shape.rank();
    }

    /** The size of dimension {@code dim}; negative counts from the end. */
    public int size(int dim) {
        return shape.size(dim);
    }

    /** The number of elements. */
    public int numel() {
        return shape.numel();
    }

    /** A copy of the strides, in elements. */
    public int[] strides() {
        return strides.clone();
    }

    /** Where element {@code (0, ..., 0)} lives in the storage. */
    public int offset() {
        return offset;
    }

    /**
     * How many in-place writes the storage behind this tensor has seen, shared by all views of
     * it. Autograd uses it to detect saved tensors that were modified.
     */
    public int version() {
        return storage.version();
    }

    /** Whether {@code other} is a view of the same storage as this tensor. */
    public boolean sharesStorageWith(Tensor other) {
        return storage == other.storage;
    }

    /** Whether the elements lie in row-major order with no gaps (a view may still have an offset). */
    public boolean isContiguous() {
        // With no elements there is nothing out of order, whatever the strides of the other dims.
        if (numel() == 0) {
            return true;
        }
        int expected = 1;
        int[] dims = shape.dims();
        for (int i = dims.length - 1; i >= 0; i--) {
            if (dims[i] == 1) {
                continue;
            }
            if (strides[i] != expected) {
                return false;
            }
            expected *= dims[i];
        }
        return true;
    }

    /**
     * The element at {@code index}, one entry per dimension (negative counts from the end).
     *
     * @throws IllegalArgumentException if the number of indices is not the rank
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public float get(int... index) {
        return storage.data[position(index)];
    }

    /**
     * Writes {@code value} at {@code index}: an in-place write, visible to every view.
     *
     * @throws IllegalArgumentException if the number of indices is not the rank
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public void set(float value, int... index) {
        storage.data[position(index)] = value;
        storage.bumpVersion();
    }

    /**
     * The value of a one-element tensor.
     *
     * @throws IllegalStateException if the tensor does not have exactly one element
     */
    public float item() {
        if (numel() != 1) {
            throw new IllegalStateException("item() needs a tensor with one element, got shape " + shape);
        }
        return storage.data[offset];
    }

    /** A new array with the elements in row-major order. */
    public float[] toArray() {
        Tensor c = contiguous();
        return Arrays.copyOfRange(c.storage.data, c.offset, c.offset + c.numel());
    }

    private int position(int[] index) {
        if (index.length != rank()) {
            throw new IllegalArgumentException("expected " + rank() + " indices for shape " + shape
                    + ", got " + index.length);
        }
        int p = offset;
        for (int d = 0; d < index.length; d++) {
            p += strides[d] * checkIndex(index[d], d);
        }
        return p;
    }

    private int checkIndex(int index, int dim) {
        int n = shape.dims()[dim];
        if (index < -n || index >= n) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range for dimension "
                    + dim + " of size " + n + " in shape " + shape);
        }
        return index < 0 ? index + n : index;
    }

    // ---------------------------------------------------------------- views

    /**
     * The same elements with another shape; one size may be -1 and is then inferred. A view
     * when the strides allow it, otherwise a contiguous copy.
     *
     * @throws IllegalArgumentException if the element counts differ or more than one size is -1
     */
    public Tensor reshape(int... newShape) {
        Shape s = inferShape(newShape);
        int[] viewStrides = ViewStrides.forReshape(shape.dims(), strides, s.dims());
        return viewStrides != null ? new Tensor(storage, s, viewStrides, offset) : contiguous().view(newShape);
    }

    /**
     * The same elements with another shape, always without copying; one size may be -1.
     *
     * @throws IllegalArgumentException if the element counts differ, or if this tensor's strides
     *     cannot express the new shape (use {@link #reshape}, which copies then)
     */
    public Tensor view(int... newShape) {
        Shape s = inferShape(newShape);
        int[] viewStrides = ViewStrides.forReshape(shape.dims(), strides, s.dims());
        if (viewStrides == null) {
            throw new IllegalArgumentException("a view of shape " + shape + " with strides "
                    + Arrays.toString(strides) + " as shape " + s + " is not possible without a copy; use reshape()");
        }
        return new Tensor(storage, s, viewStrides, offset);
    }

    private Shape inferShape(int[] newShape) {
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < newShape.length; i++) {
            if (newShape[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("only one size may be -1, got " + Arrays.toString(newShape));
                }
                inferred = i;
            } else if (newShape[i] < 0) {
                throw new IllegalArgumentException("sizes must be non-negative or -1, got " + Arrays.toString(newShape));
            } else {
                known *= newShape[i];
            }
        }
        int[] dims = newShape.clone();
        if (inferred >= 0) {
            if (known == 0 || numel() % known != 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(newShape)
                        + " is invalid for a tensor of shape " + shape + " with " + numel() + " elements");
            }
            dims[inferred] = (int) (numel() / known);
        } else if (known != numel()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(newShape)
                    + " is invalid for a tensor of shape " + shape + " with " + numel() + " elements");
        }
        return Shape.of(dims);
    }

    /** Swaps dimensions {@code dim0} and {@code dim1}, without copying. */
    public Tensor transpose(int dim0, int dim1) {
        int a = shape.normalize(dim0);
        int b = shape.normalize(dim1);
        int[] order = new int[rank()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /**
     * The transpose of a matrix (a vector or scalar is returned as is), as PyTorch's {@code t()}.
     *
     * @throws IllegalArgumentException if the rank is above 2
     */
    public Tensor t() {
        if (rank() > 2) {
            throw new IllegalArgumentException("t() expects a tensor of rank at most 2, got shape " + shape
                    + "; use transpose(dim0, dim1)");
        }
        return rank() < 2 ? this : transpose(0, 1);
    }

    /**
     * Reorders the dimensions: dimension {@code i} of the result is dimension {@code order[i]}
     * of this tensor. No copy.
     *
     * @throws IllegalArgumentException if {@code order} is not a permutation of {@code 0..rank-1}
     */
    public Tensor permute(int... order) {
        if (order.length != rank()) {
            throw new IllegalArgumentException("permute expects " + rank() + " dimensions for shape " + shape
                    + ", got " + Arrays.toString(order));
        }
        int[] dims = new int[order.length];
        int[] newStrides = new int[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int d = shape.normalize(order[i]);
            if (seen[d]) {
                throw new IllegalArgumentException("permute expects each dimension once, got " + Arrays.toString(order));
            }
            seen[d] = true;
            dims[i] = shape.dims()[d];
            newStrides[i] = strides[d];
        }
        return new Tensor(storage, Shape.of(dims), newStrides, offset);
    }

    /**
     * Repeats size-1 dimensions (and adds leading ones) to reach {@code sizes}, without
     * copying: the repeated elements share memory (stride 0). A size of -1 keeps the
     * dimension as it is.
     *
     * @throws IllegalArgumentException if a dimension is neither 1 nor the requested size
     */
    public Tensor expand(int... sizes) {
        int shift = sizes.length - rank();
        if (shift < 0) {
            throw new IllegalArgumentException("cannot expand shape " + shape + " to " + Arrays.toString(sizes)
                    + ": the target has fewer dimensions");
        }
        int[] dims = new int[sizes.length];
        int[] newStrides = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            int own = i >= shift ? shape.dims()[i - shift] : 1;
            int want = sizes[i] == -1 && i >= shift ? own : sizes[i];
            if (want < 0) {
                throw new IllegalArgumentException("cannot expand shape " + shape + " to " + Arrays.toString(sizes)
                        + ": size " + sizes[i] + " at dimension " + i + " is invalid");
            }
            if (i >= shift && own == want) {
                newStrides[i] = strides[i - shift];
            } else if (own != 1) {
                throw new IllegalArgumentException("cannot expand shape " + shape + " to " + Arrays.toString(sizes)
                        + ": dimension " + i + " has size " + own + ", expected 1 or " + want);
            }
            dims[i] = want;
        }
        return new Tensor(storage, Shape.of(dims), newStrides, offset);
    }

    /** {@link #expand} to a shape. */
    public Tensor expand(Shape target) {
        return expand(target.dims());
    }

    /** Removes every dimension of size 1, without copying. */
    public Tensor squeeze() {
        int kept = 0;
        for (int d : shape.dims()) {
            kept += d == 1 ? 0 : 1;
        }
        int[] dims = new int[kept];
        int[] newStrides = new int[kept];
        for (int i = 0, j = 0; i < rank(); i++) {
            if (shape.dims()[i] != 1) {
                dims[j] = shape.dims()[i];
                newStrides[j++] = strides[i];
            }
        }
        return new Tensor(storage, Shape.of(dims), newStrides, offset);
    }

    /** Removes dimension {@code dim} if its size is 1; otherwise returns this tensor, as PyTorch does. */
    public Tensor squeeze(int dim) {
        int d = shape.normalize(dim);
        return shape.dims()[d] == 1 ? select(d, 0) : this;
    }

    /** Inserts a dimension of size 1 at {@code dim}, which may range over {@code [-rank-1, rank]}. */
    public Tensor unsqueeze(int dim) {
        int d = Shape.normalize(dim, rank() + 1);
        int[] dims = new int[rank() + 1];
        int[] newStrides = new int[rank() + 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i == d) {
                dims[i] = 1;
                newStrides[i] = d < rank() ? strides[d] * shape.dims()[d] : 1;
            } else {
                dims[i] = shape.dims()[j];
                newStrides[i] = strides[j++];
            }
        }
        return new Tensor(storage, Shape.of(dims), newStrides, offset);
    }

    /**
     * The slice {@code [start, start+length)} of dimension {@code dim}, without copying. A
     * negative {@code start} counts from the end.
     *
     * @throws IndexOutOfBoundsException if the slice does not fit in the dimension
     */
    public Tensor narrow(int dim, int start, int length) {
        int d = shape.normalize(dim);
        int n = shape.dims()[d];
        int s = start < 0 ? start + n : start;
        if (s < 0 || length < 0 || s > n - length) {
            throw new IndexOutOfBoundsException("narrow(" + dim + ", " + start + ", " + length
                    + ") does not fit in dimension " + d + " of size " + n + " in shape " + shape);
        }
        int[] dims = shape.toArray();
        dims[d] = length;
        Shape result = Shape.of(dims);
        return new Tensor(storage, result, strides, offset + emptyOr(result, s * strides[d]));
    }

    /**
     * The slice at {@code index} of dimension {@code dim}, with that dimension removed; no copy.
     *
     * @throws IndexOutOfBoundsException if {@code dim} or {@code index} is out of range
     */
    public Tensor select(int dim, int index) {
        int d = shape.normalize(dim);
        int i = checkIndex(index, d);
        int[] dims = new int[rank() - 1];
        int[] newStrides = new int[rank() - 1];
        for (int k = 0, j = 0; k < rank(); k++) {
            if (k != d) {
                dims[j] = shape.dims()[k];
                newStrides[j++] = strides[k];
            }
        }
        Shape result = Shape.of(dims);
        return new Tensor(storage, result, newStrides, offset + emptyOr(result, i * strides[d]));
    }

    /**
     * The offset step of a slice, or 0 if the slice is empty: in an empty tensor the step can
     * point past the end of the storage, where toArray() and fill() could not even start an
     * empty range, so an empty view keeps the offset of the tensor it came from.
     */
    private static int emptyOr(Shape slice, int step) {
        return slice.numel() == 0 ? 0 : step;
    }

    /** All elements as a 1-D tensor (a view when the strides allow). */
    public Tensor flatten() {
        return reshape(-1);
    }

    /**
     * Merges dimensions {@code startDim..endDim} (inclusive) into one (a view when the strides
     * allow); a scalar becomes {@code [1]}, as in PyTorch, which takes 0 or -1 as its dimensions.
     *
     * @throws IndexOutOfBoundsException if a dimension is out of range
     * @throws IllegalArgumentException if {@code startDim} comes after {@code endDim}
     */
    public Tensor flatten(int startDim, int endDim) {
        if (rank() == 0) {
            Shape.normalize(startDim, 1);
            Shape.normalize(endDim, 1);
            return reshape(1);
        }
        int s = shape.normalize(startDim);
        int e = shape.normalize(endDim);
        if (s > e) {
            throw new IllegalArgumentException("flatten needs startDim <= endDim, got " + startDim + " and " + endDim
                    + " for shape " + shape);
        }
        int[] dims = new int[rank() - (e - s)];
        for (int i = 0, j = 0; i < rank(); i++) {
            if (i <= s || i > e) {
                dims[j++] = shape.dims()[i];
            } else {
                dims[j - 1] *= shape.dims()[i];
            }
        }
        return reshape(dims);
    }

    /** This tensor if it is already contiguous, otherwise a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : map(UnaryOp.COPY);
    }

    /** A contiguous copy that shares nothing with this tensor. */
    public Tensor copy() {
        return map(UnaryOp.COPY);
    }

    // ---------------------------------------------------------------- element-wise

    /** {@code this + other}, broadcast. */
    public Tensor add(Tensor other) {
        return zip(BinaryOp.ADD, other);
    }

    /** {@code this + value}. */
    public Tensor add(float value) {
        return zip(BinaryOp.ADD, scalar(value));
    }

    /** {@code this - other}, broadcast. */
    public Tensor sub(Tensor other) {
        return zip(BinaryOp.SUB, other);
    }

    /** {@code this - value}. */
    public Tensor sub(float value) {
        return zip(BinaryOp.SUB, scalar(value));
    }

    /** {@code this * other}, element-wise and broadcast. */
    public Tensor mul(Tensor other) {
        return zip(BinaryOp.MUL, other);
    }

    /** {@code this * value}. */
    public Tensor mul(float value) {
        return zip(BinaryOp.MUL, scalar(value));
    }

    /** {@code this / other}, element-wise and broadcast. */
    public Tensor div(Tensor other) {
        return zip(BinaryOp.DIV, other);
    }

    /** {@code this / value}. */
    public Tensor div(float value) {
        return zip(BinaryOp.DIV, scalar(value));
    }

    /**
     * {@code this} raised to {@code exponent}, element-wise and broadcast, each rounded from
     * {@link StrictMath#pow}: as PyTorch, a tensor exponent takes the general path even when it
     * holds one of the values {@link #pow(float)} computes by arithmetic.
     */
    public Tensor pow(Tensor exponent) {
        return zip(BinaryOp.POW, exponent);
    }

    /**
     * {@code this} raised to {@code exponent}. As in PyTorch, the exponents 0, 1, 2, 3, -1, -2,
     * 1/2 and -1/2 are computed by multiplication, division and square root ({@code x·x·x},
     * {@code 1/(x·x)}, {@code 1/sqrt(x)}, ...), exactly rounded and fast, with PyTorch's
     * results at -0 and the infinities ({@code pow(-0, 0.5)} is -0). PyTorch's own vector
     * code may round {@code 1/sqrt(x)} differently in the last bit. Any other exponent is
     * rounded from {@link StrictMath#pow}, element by element.
     */
    public Tensor pow(float exponent) {
        if (exponent == 0) {
            return full(1f, shape.dims());
        } else if (exponent == 1) {
            return copy();
        } else if (exponent == 2) {
            return mul(this);
        } else if (exponent == 3) {
            return mul(this).mul(this);
        } else if (exponent == -1) {
            return scalar(1f).div(this);
        } else if (exponent == -2) {
            return scalar(1f).div(mul(this));
        } else if (exponent == 0.5f) {
            return sqrt();
        } else if (exponent == -0.5f) {
            return rsqrt();
        }
        return zip(BinaryOp.POW, scalar(exponent));
    }

    /** The element-wise larger of {@code this} and {@code other}, broadcast; NaN wins. */
    public Tensor maximum(Tensor other) {
        return zip(BinaryOp.MAXIMUM, other);
    }

    /** The element-wise smaller of {@code this} and {@code other}, broadcast; NaN wins. */
    public Tensor minimum(Tensor other) {
        return zip(BinaryOp.MINIMUM, other);
    }

    /** 1 where {@code this == other}, else 0; broadcast. */
    public Tensor eq(Tensor other) {
        return zip(BinaryOp.EQ, other);
    }

    /** 1 where {@code this != other}, else 0; broadcast. */
    public Tensor ne(Tensor other) {
        return zip(BinaryOp.NE, other);
    }

    /** 1 where {@code this < other}, else 0; broadcast. */
    public Tensor lt(Tensor other) {
        return zip(BinaryOp.LT, other);
    }

    /** 1 where {@code this <= other}, else 0; broadcast. */
    public Tensor le(Tensor other) {
        return zip(BinaryOp.LE, other);
    }

    /**
     * {@code this} with 0 wherever {@code gate <= 0}, broadcast; a NaN gate lets this through.
     * That is PyTorch's {@code threshold_backward} at 0, ReLU's gradient: in one pass, and 0
     * rather than NaN where this is infinite and the gate is not positive.
     *
     * @throws IllegalArgumentException if the shapes cannot be broadcast together
     */
    public Tensor zeroWhereNonPositive(Tensor gate) {
        return zip(BinaryOp.ZERO_WHERE_NON_POSITIVE, gate);
    }

    /** 1 where {@code this > other}, else 0; broadcast. */
    public Tensor gt(Tensor other) {
        return zip(BinaryOp.GT, other);
    }

    /** 1 where {@code this >= other}, else 0; broadcast. */
    public Tensor ge(Tensor other) {
        return zip(BinaryOp.GE, other);
    }

    /** 1 where {@code this == value}, else 0. */
    public Tensor eq(float value) {
        return zip(BinaryOp.EQ, scalar(value));
    }

    /** 1 where {@code this < value}, else 0. */
    public Tensor lt(float value) {
        return zip(BinaryOp.LT, scalar(value));
    }

    /** 1 where {@code this > value}, else 0. */
    public Tensor gt(float value) {
        return zip(BinaryOp.GT, scalar(value));
    }

    /**
     * Each element clamped to {@code [min, max]}; pass an infinity to leave a side open.
     *
     * @throws IllegalArgumentException if {@code min > max} or a bound is NaN
     */
    public Tensor clamp(float min, float max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("clamp needs min <= max, got min=" + min + ", max=" + max);
        }
        return zip(BinaryOp.MAXIMUM, scalar(min)).zipInPlace(BinaryOp.MINIMUM, scalar(max));
    }

    /**
     * {@code x} where {@code condition} is non-zero, {@code y} elsewhere; all three broadcast.
     *
     * @throws IllegalArgumentException if the shapes cannot be broadcast together
     */
    public static Tensor where(Tensor condition, Tensor x, Tensor y) {
        Shape s = Broadcast.shapes(Broadcast.shapes(condition.shape, x.shape), y.shape);
        Tensor out = new Tensor(s);
        float[] o = out.storage.data, c = condition.storage.data, a = x.storage.data, b = y.storage.data;
        StridedLoop.forEachRow(s.dims(),
                new int[][] {out.strides, condition.broadcastStrides(s), x.broadcastStrides(s), y.broadcastStrides(s)},
                new int[] {0, condition.offset, x.offset, y.offset},
                (n, off, st) -> {
                    for (int i = 0; i < n; i++) {
                        o[off[0] + i * st[0]] = c[off[1] + i * st[1]] != 0 ? a[off[2] + i * st[2]] : b[off[3] + i * st[3]];
                    }
                });
        return out;
    }

    /** {@code -this}. */
    public Tensor neg() {
        return map(UnaryOp.NEG);
    }

    /** The absolute value of each element. */
    public Tensor abs() {
        return map(UnaryOp.ABS);
    }

    /** -1, 0 or 1 by the sign of each element; 0 for NaN and for -0, as in PyTorch. */
    public Tensor sign() {
        return map(UnaryOp.SIGN);
    }

    /** e raised to each element. */
    public Tensor exp() {
        return map(UnaryOp.EXP);
    }

    /** The natural logarithm of each element. */
    public Tensor log() {
        return map(UnaryOp.LOG);
    }

    /** The square root of each element. */
    public Tensor sqrt() {
        return map(UnaryOp.SQRT);
    }

    /** {@code 1 / sqrt(x)} of each element. */
    public Tensor rsqrt() {
        return map(UnaryOp.RSQRT);
    }

    /** {@code max(x, 0)} of each element. */
    public Tensor relu() {
        return map(UnaryOp.RELU);
    }

    /** {@code 1 / (1 + exp(-x))} of each element. */
    public Tensor sigmoid() {
        return map(UnaryOp.SIGMOID);
    }

    /** The hyperbolic tangent of each element. */
    public Tensor tanh() {
        return map(UnaryOp.TANH);
    }

    /** The error function of each element, to within 3e-7 absolute and 5e-7 relative error. */
    public Tensor erf() {
        return map(UnaryOp.ERF);
    }

    /** {@code x * Φ(x)} of each element, Φ the standard normal CDF (PyTorch's exact GELU). */
    public Tensor gelu() {
        return map(UnaryOp.GELU);
    }

    private Tensor zip(BinaryOp op, Tensor other) {
        Shape s = Broadcast.shapes(shape, other.shape);
        Tensor out = new Tensor(s);
        binary(op, out, this, other);
        return out;
    }

    private Tensor map(UnaryOp op) {
        Tensor out = new Tensor(shape);
        unary(op, out, this);
        return out;
    }

    private static void binary(BinaryOp op, Tensor out, Tensor a, Tensor b) {
        float[] o = out.storage.data, x = a.storage.data, y = b.storage.data;
        StridedLoop.forEachRowInParallel(out.shape.dims(),
                new int[][] {out.strides, a.broadcastStrides(out.shape), b.broadcastStrides(out.shape)},
                new int[] {out.offset, a.offset, b.offset},
                (n, off, st) -> Kernels.binaryRow(op, n, o, x, y, off, st));
    }

    private static void unary(UnaryOp op, Tensor out, Tensor a) {
        float[] o = out.storage.data, x = a.storage.data;
        StridedLoop.forEachRowInParallel(out.shape.dims(), new int[][] {out.strides, a.broadcastStrides(out.shape)},
                new int[] {out.offset, a.offset},
                (n, off, st) -> Kernels.unaryRow(op, n, o, x, off, st));
    }

    private int[] broadcastStrides(Shape target) {
        return shape.equals(target) ? strides : Broadcast.strides(shape, strides, target);
    }

    // ---------------------------------------------------------------- in place

    /**
     * {@code this += other}, with {@code other} broadcast to this tensor's shape.
     *
     * @throws IllegalStateException if this tensor is not contiguous
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape, or
     *     overlaps this tensor's memory in a way an element-wise write would corrupt
     */
    public Tensor addInPlace(Tensor other) {
        return zipInPlace(BinaryOp.ADD, other);
    }

    /** {@code this += alpha * other} in one pass; the same rules as {@link #addInPlace(Tensor)}. */
    public Tensor addInPlace(Tensor other, float alpha) {
        return scaledInPlace(ScaledOp.AXPY, alpha, other, other);
    }

    /** {@code this += weight * (end - this)} in one pass; the same rules as {@link #addInPlace(Tensor)}. */
    public Tensor lerpInPlace(Tensor end, float weight) {
        return scaledInPlace(ScaledOp.LERP, weight, end, end);
    }

    /** {@code this += value * a * b} in one pass, {@code a} and {@code b} broadcast; as PyTorch's {@code addcmul_}. */
    public Tensor addcmulInPlace(Tensor a, Tensor b, float value) {
        return scaledInPlace(ScaledOp.ADDCMUL, value, a, b);
    }

    /** {@code this += value * a / b} in one pass, {@code a} and {@code b} broadcast; as PyTorch's {@code addcdiv_}. */
    public Tensor addcdivInPlace(Tensor a, Tensor b, float value) {
        return scaledInPlace(ScaledOp.ADDCDIV, value, a, b);
    }

    /** {@code this -= other}; the same rules as {@link #addInPlace(Tensor)}. */
    public Tensor subInPlace(Tensor other) {
        return zipInPlace(BinaryOp.SUB, other);
    }

    /** {@code this *= other}; the same rules as {@link #addInPlace(Tensor)}. */
    public Tensor mulInPlace(Tensor other) {
        return zipInPlace(BinaryOp.MUL, other);
    }

    /** {@code this *= value}; the same rules as {@link #addInPlace(Tensor)}. */
    public Tensor mulInPlace(float value) {
        return zipInPlace(BinaryOp.MUL, scalar(value));
    }

    /** {@code this /= other}; the same rules as {@link #addInPlace(Tensor)}. */
    public Tensor divInPlace(Tensor other) {
        return zipInPlace(BinaryOp.DIV, other);
    }

    /**
     * {@code this = max(this, 0)}, as PyTorch's {@code relu_}: no new tensor, one pass.
     *
     * @throws IllegalStateException if this tensor is not contiguous
     */
    public Tensor reluInPlace() {
        requireContiguousForWrite();
        unary(UnaryOp.RELU, this, this);
        storage.bumpVersion();
        return this;
    }

    /**
     * Overwrites every element with {@code value}.
     *
     * @throws IllegalStateException if not contiguous
     */
    public Tensor fill(float value) {
        requireContiguousForWrite();
        Arrays.fill(storage.data, offset, offset + numel(), value);
        storage.bumpVersion();
        return this;
    }

    /** Overwrites this tensor with {@code source}, broadcast; the same rules as {@link #addInPlace(Tensor)}. */
    public Tensor copyFrom(Tensor source) {
        requireContiguousForWrite();
        requireSafeAlias(source);
        unary(UnaryOp.COPY, this, source);
        storage.bumpVersion();
        return this;
    }

    private Tensor scaledInPlace(ScaledOp op, float scalar, Tensor b, Tensor c) {
        requireContiguousForWrite();
        requireSafeAlias(b);
        requireSafeAlias(c);
        float[] x = storage.data, y = b.storage.data, z = c.storage.data;
        StridedLoop.forEachRowInParallel(shape.dims(), new int[][] {strides, b.broadcastStrides(shape), c.broadcastStrides(shape)},
                new int[] {offset, b.offset, c.offset},
                (n, off, st) -> Kernels.scaledRow(op, scalar, n, x, y, z, off, st));
        storage.bumpVersion();
        return this;
    }

    private Tensor zipInPlace(BinaryOp op, Tensor other) {
        requireContiguousForWrite();
        requireSafeAlias(other);
        binary(op, this, this, other);
        storage.bumpVersion();
        return this;
    }

    private void requireContiguousForWrite() {
        if (!isContiguous()) {
            throw new IllegalStateException("in-place operations need a contiguous tensor, got shape " + shape
                    + " with strides " + Arrays.toString(strides) + "; write into contiguous() instead");
        }
    }

    /** Reading {@code source} while writing this is safe if it is the very same view or lies elsewhere. */
    private void requireSafeAlias(Tensor source) {
        if (source.storage != storage || source.numel() == 0 || numel() == 0) {
            return;
        }
        if (source.offset == offset && source.shape.equals(shape) && Arrays.equals(source.strides, strides)) {
            return;
        }
        int lo = offset, hi = offset + numel() - 1;
        int srcLo = source.offset, srcHi = source.offset;
        for (int d = 0; d < source.rank(); d++) {
            int span = source.strides[d] * (source.shape.dims()[d] - 1);
            if (span < 0) {
                srcLo += span;
            } else {
                srcHi += span;
            }
        }
        if (srcHi >= lo && srcLo <= hi) {
            throw new IllegalArgumentException("in-place operation on shape " + shape
                    + " reads an overlapping view of the same storage (shape " + source.shape + ", offset "
                    + source.offset + "); pass a copy()");
        }
    }

    // ---------------------------------------------------------------- reductions

    /** The sum of all elements, as a scalar tensor. */
    public Tensor sum() {
        return Reduction.reduce(this, Reduction.Kind.SUM, allDims(), false);
    }

    /** The sum over {@code dim}; with {@code keepDim} the dimension stays with size 1. */
    public Tensor sum(int dim, boolean keepDim) {
        return Reduction.reduce(this, Reduction.Kind.SUM, new int[] {dim}, keepDim);
    }

    /**
     * The sum over several dimensions (all of them if {@code dims} is empty).
     *
     * @throws IllegalArgumentException if a dimension is named twice
     */
    public Tensor sum(int[] dims, boolean keepDim) {
        return Reduction.reduce(this, Reduction.Kind.SUM, dims, keepDim);
    }

    /** The mean of all elements (NaN for an empty tensor). */
    public Tensor mean() {
        return mean(allDims(), false);
    }

    /** The mean over {@code dim}. */
    public Tensor mean(int dim, boolean keepDim) {
        return mean(new int[] {dim}, keepDim);
    }

    /**
     * The mean over several dimensions (all of them if {@code dims} is empty).
     *
     * @throws IllegalArgumentException if a dimension is named twice
     */
    public Tensor mean(int[] dims, boolean keepDim) {
        Tensor sum = sum(dims, keepDim);
        int count = sum.numel() == 0 ? 0 : numel() / sum.numel();
        return sum.zipInPlace(BinaryOp.DIV, scalar(count));
    }

    /**
     * The largest element (NaN if any element is NaN).
     *
     * @throws IllegalArgumentException if the tensor is empty
     */
    public Tensor max() {
        return Reduction.reduce(this, Reduction.Kind.MAX, allDims(), false);
    }

    /**
     * The largest element over {@code dim}.
     *
     * @throws IllegalArgumentException if that dimension is empty
     */
    public Tensor max(int dim, boolean keepDim) {
        return Reduction.reduce(this, Reduction.Kind.MAX, new int[] {dim}, keepDim);
    }

    /**
     * The smallest element (NaN if any element is NaN).
     *
     * @throws IllegalArgumentException if empty
     */
    public Tensor min() {
        return Reduction.reduce(this, Reduction.Kind.MIN, allDims(), false);
    }

    /**
     * The smallest element over {@code dim}.
     *
     * @throws IllegalArgumentException if that dimension is empty
     */
    public Tensor min(int dim, boolean keepDim) {
        return Reduction.reduce(this, Reduction.Kind.MIN, new int[] {dim}, keepDim);
    }

    /** The index of the largest element in row-major order, as a scalar; the first one on ties. */
    public Tensor argmax() {
        return Reduction.argExtreme(contiguous().reshape(-1), 0, false, true);
    }

    /** The index of the largest element along {@code dim}; the first one on ties, NaN counts as largest. */
    public Tensor argmax(int dim, boolean keepDim) {
        return Reduction.argExtreme(this, dim, keepDim, true);
    }

    /** The index of the smallest element in row-major order, as a scalar; the first one on ties. */
    public Tensor argmin() {
        return Reduction.argExtreme(contiguous().reshape(-1), 0, false, false);
    }

    /** The index of the smallest element along {@code dim}; the first one on ties, NaN counts as smallest. */
    public Tensor argmin(int dim, boolean keepDim) {
        return Reduction.argExtreme(this, dim, keepDim, false);
    }

    /** The unbiased variance of all elements (divides by n - 1, as PyTorch's default). */
    public Tensor var() {
        return var(allDims(), false, 1);
    }

    /** The unbiased variance over {@code dim}. */
    public Tensor var(int dim, boolean keepDim) {
        return var(new int[] {dim}, keepDim, 1);
    }

    /**
     * The variance over {@code dims}: the sum of squared deviations from the mean divided by
     * {@code n - correction} (1 gives the unbiased estimate, 0 the population variance).
     *
     * @throws IllegalArgumentException if {@code correction} is negative or a dimension is named twice
     */
    public Tensor var(int[] dims, boolean keepDim, int correction) {
        if (correction < 0) {
            throw new IllegalArgumentException("correction must be non-negative, got " + correction);
        }
        Tensor centered = sub(mean(dims, true));
        Tensor squares = centered.zipInPlace(BinaryOp.MUL, centered);
        Tensor sum = squares.sum(dims, keepDim);
        int count = sum.numel() == 0 ? 0 : numel() / sum.numel();
        return sum.zipInPlace(BinaryOp.DIV, scalar(Math.max(count - correction, 0)));
    }

    /** {@code log(sum(exp(x)))} over {@code dim}, computed without overflow. */
    public Tensor logSumExp(int dim, boolean keepDim) {
        if (size(dim) == 0) {
            // The log of an empty sum, as in PyTorch; max() below refuses an empty dimension.
            return sum(dim, keepDim).fill(Float.NEGATIVE_INFINITY);
        }
        Tensor shift = finiteMax(dim);
        Tensor result = sub(shift).exp().sum(dim, true).log().zipInPlace(BinaryOp.ADD, shift);
        return keepDim ? result : result.squeeze(dim);
    }

    /** The max over {@code dim} (kept), with 0 where it is infinite: an all -inf slice would give inf - inf. */
    private Tensor finiteMax(int dim) {
        Tensor max = max(dim, true);
        return where(max.abs().lt(Float.POSITIVE_INFINITY), max, scalar(0f));
    }

    /** {@code exp(x) / sum(exp(x))} along {@code dim}, computed without overflow. */
    public Tensor softmax(int dim) {
        if (size(dim) == 0) {
            // Nothing to normalize; max() below refuses an empty dimension.
            return copy();
        }
        Tensor e = sub(max(dim, true)).exp();
        return e.zipInPlace(BinaryOp.DIV, e.sum(dim, true));
    }

    /** {@code x - logSumExp(x)} along {@code dim}, computed without overflow. */
    public Tensor logSoftmax(int dim) {
        if (size(dim) == 0) {
            return copy();
        }
        // (x - max) - log Σ exp(x - max): subtracting the max first keeps the result exact to
        // float rounding of the small numbers rather than of the max's scale. An infinite max
        // (a +inf, or a slice of -inf only) makes the slice NaN, as in PyTorch.
        Tensor shifted = sub(max(dim, true));
        return shifted.zipInPlace(BinaryOp.SUB, shifted.exp().sum(dim, true).log());
    }

    /**
     * Sums this tensor down to {@code target}, a shape that broadcasts to this one: the
     * reverse of broadcasting, as needed for the gradient of a broadcast operand.
     *
     * @throws IllegalArgumentException if {@code target} does not broadcast to this shape
     */
    public Tensor sumTo(Shape target) {
        Broadcast.strides(target, target.contiguousStrides(), shape);
        if (target.equals(shape)) {
            return this;
        }
        int shift = rank() - target.rank();
        int[] dims = new int[rank()];
        int count = 0;
        for (int d = 0; d < rank(); d++) {
            if (d < shift || (target.dims()[d - shift] == 1 && shape.dims()[d] != 1)) {
                dims[count++] = d;
            }
        }
        Tensor summed = count == 0 ? this : sum(Arrays.copyOf(dims, count), true);
        return summed.reshape(target.dims());
    }

    private int[] allDims() {
        int[] dims = new int[rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i;
        }
        return dims;
    }

    // ---------------------------------------------------------------- matmul

    /**
     * The matrix product with NumPy's {@code matmul} rules: 1-D·1-D is a dot product; a 1-D
     * first operand is a row vector and a 1-D second operand a column vector (the added
     * dimension is removed again); beyond two dimensions the leading ones are batch dimensions
     * and broadcast. Transposed and strided views are read in place, without a copy.
     *
     * @throws IllegalArgumentException if either operand is a scalar, the inner sizes differ,
     *     or the batch dimensions cannot be broadcast
     */
    public Tensor matmul(Tensor other) {
        if (rank() == 0 || other.rank() == 0) {
            throw new IllegalArgumentException("matmul needs operands of rank at least 1, got shapes "
                    + shape + " and " + other.shape);
        }
        Tensor a = rank() == 1 ? unsqueeze(0) : this;
        Tensor b = other.rank() == 1 ? other.unsqueeze(1) : other;
        int m = a.size(-2), k = a.size(-1), n = b.size(-1);
        if (b.size(-2) != k) {
            throw new IllegalArgumentException("matmul shapes " + shape + " and " + other.shape
                    + " do not match: the first's last size " + k + " must equal the second's "
                    + (other.rank() == 1 ? "size " : "second-to-last size ") + b.size(-2));
        }
        Shape batch;
        try {
            batch = Broadcast.shapes(batchShape(a), batchShape(b));
        } catch (IllegalArgumentException e) {
            // Broadcast only sees the batch dims; name the operands the caller passed.
            throw new IllegalArgumentException("matmul shapes " + shape + " and " + other.shape
                    + " have batch dimensions that cannot be broadcast: " + e.getMessage(), e);
        }
        int[] outDims = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        Tensor out = new Tensor(Shape.of(outDims));
        Matmul.multiply(a, b, out, batch);
        if (rank() == 1 && other.rank() == 1) {
            return out.reshape();
        }
        if (rank() == 1) {
            return out.squeeze(-2);
        }
        return other.rank() == 1 ? out.squeeze(-1) : out;
    }

    private static Shape batchShape(Tensor t) {
        return Shape.of(Arrays.copyOf(t.shape.dims(), t.rank() - 2));
    }

    // ---------------------------------------------------------------- joining and indexing

    /**
     * Joins tensors along an existing dimension; all other sizes must agree.
     *
     * @throws IllegalArgumentException if no tensors are given or their shapes disagree
     */
    public static Tensor cat(int dim, Tensor... tensors) {
        return Indexing.cat(dim, tensors);
    }

    /**
     * Joins tensors of one shape along a new dimension {@code dim} (in {@code [-rank-1, rank]}).
     *
     * @throws IllegalArgumentException if no tensors are given or their shapes differ
     */
    public static Tensor stack(int dim, Tensor... tensors) {
        return Indexing.stack(dim, tensors);
    }

    /**
     * Picks along {@code dim} by {@code index}: {@code out[i][j][k] = this[index[i][j][k]][j][k]}
     * for {@code dim = 0}, and likewise for other dims. {@code index} has this tensor's rank and
     * sizes no larger than this tensor's outside {@code dim}; the result has its shape.
     *
     * @throws IllegalArgumentException if the ranks or sizes disagree or an index is not a whole number
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public Tensor gather(int dim, Tensor index) {
        return Indexing.gather(this, dim, index);
    }

    /**
     * The reverse of {@link #gather}: a copy of this tensor to which each element of
     * {@code source} is added at the position {@code index} names along {@code dim}
     * ({@code out[index[i][j]][j] += source[i][j]} for {@code dim = 0}). {@code index} and
     * {@code source} have one shape, of this tensor's rank and no larger outside {@code dim}.
     *
     * @throws IllegalArgumentException if the ranks or sizes disagree or an index is not a whole number
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public Tensor scatterAdd(int dim, Tensor index, Tensor source) {
        return Indexing.scatterAdd(this, dim, index, source);
    }

    /**
     * The slices of {@code dim} named by the 1-D {@code index}, in that order. Indices are
     * floats, exact up to 2²⁴; beyond that, use {@link #indexSelect(int, int[])}.
     *
     * @throws IllegalArgumentException if {@code index} is not 1-D or holds a non-whole number
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public Tensor indexSelect(int dim, Tensor index) {
        return Indexing.indexSelect(this, dim, index);
    }

    /**
     * The slices of {@code dim} at {@code indices}, in that order, as {@link #indexSelect(int, Tensor)}
     * with an index tensor of these values.
     *
     * @throws IllegalArgumentException if {@code indices} is null
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public Tensor indexSelect(int dim, int[] indices) {
        return Indexing.indexSelect(this, dim, indices);
    }

    /**
     * One-hot rows for class indices: shape {@code indices.shape + [numClasses]}, 1 at each
     * index and 0 elsewhere.
     *
     * @throws IllegalArgumentException if {@code numClasses} is negative or an index is not whole
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, numClasses)}
     */
    public static Tensor oneHot(Tensor indices, int numClasses) {
        return Indexing.oneHot(indices, numClasses);
    }

    // ---------------------------------------------------------------- package-private access for kernels

    /** A new contiguous tensor of {@code shape} filled with zeros. */
    static Tensor allocate(Shape shape) {
        return new Tensor(shape);
    }

    /** A view of this tensor's storage with other geometry; the caller guarantees it stays in bounds. */
    Tensor restride(Shape newShape, int[] newStrides, int newOffset) {
        return new Tensor(storage, newShape, newStrides, newOffset);
    }

    float[] data() {
        return storage.data;
    }

    int[] stridesView() {
        return strides;
    }

    /** Records that a kernel wrote into this tensor's storage, as the in-place methods do. */
    void bumpVersion() {
        storage.bumpVersion();
    }

    /** Copies {@code source}, broadcast, into {@code out}, which may be any view. */
    static void copyInto(Tensor out, Tensor source) {
        unary(UnaryOp.COPY, out, source);
    }

    /** Writes {@code op(a, b)} element-wise into {@code out}, whose shape {@code a} and {@code b} broadcast to. */
    static void binaryInto(BinaryOp op, Tensor out, Tensor a, Tensor b) {
        binary(op, out, a, b);
    }

    // ---------------------------------------------------------------- comparison and printing

    /**
     * Whether {@code other} has the same shape and, element by element,
     * {@code |this - other| <= atol + rtol * |other|}; NaNs are never close, and an infinity is
     * close only to the same infinity, as in PyTorch.
     *
     * @throws IllegalArgumentException if a tolerance is negative or NaN
     */
    public boolean allClose(Tensor other, float rtol, float atol) {
        if (!(rtol >= 0) || !(atol >= 0)) {
            throw new IllegalArgumentException("allClose needs tolerances >= 0, got rtol " + rtol + " and atol " + atol);
        }
        if (!shape.equals(other.shape)) {
            return false;
        }
        float[] x = toArray(), y = other.toArray();
        for (int i = 0; i < x.length; i++) {
            // Against an infinite other the tolerance itself is infinite, so only equality counts.
            boolean close = x[i] == y[i]
                    || (Float.isFinite(y[i]) && Math.abs(x[i] - y[i]) <= atol + rtol * Math.abs(y[i]));
            if (!close) {
                return false;
            }
        }
        return true;
    }

    /** {@link #allClose(Tensor, float, float)} with PyTorch's defaults {@code rtol = 1e-5, atol = 1e-8}. */
    public boolean allClose(Tensor other) {
        return allClose(other, 1e-5f, 1e-8f);
    }

    /** Equal shapes and bitwise-equal elements (so NaN equals NaN, and 0.0 differs from -0.0), as {@link Float#equals}. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Tensor other) || !shape.equals(other.shape)) {
            return false;
        }
        float[] x = toArray(), y = other.toArray();
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToIntBits(x[i]) != Float.floatToIntBits(y[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(toArray());
    }

    /** The values in PyTorch's style, e.g. {@code tensor([[1., 2.], [3., 4.]])}, abridged above 1000 elements. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
