//! [`Volume`]: a 3D image in memory, in NIfTI storage order.

/// A 3D image: `f32` voxels in row-major order over `[depth, height,
/// width]` = `[z, y, x]`, i.e. x varies fastest, exactly the order of a
/// NIfTI file's voxel data (no transposition on reading). Depth is the
/// slice axis. `spacing` is the voxel size in millimetres in the same
/// `[z, y, x]` order. The networks take volumes in this layout
/// (`[batch, 1, depth, height, width]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Volume {
    /// `[depth, height, width]` in voxels.
    pub shape: [usize; 3],
    /// Voxel size in mm, `[z, y, x]`.
    pub spacing: [f64; 3],
    /// `depth · height · width` values, x fastest.
    pub data: Vec<f32>,
}

impl Volume {
    /// A volume filled with `value`.
    pub fn filled(shape: [usize; 3], spacing: [f64; 3], value: f32) -> Volume {
        Volume {
            shape,
            spacing,
            data: vec![value; shape.iter().product()],
        }
    }

    /// A volume whose voxel `(z, y, x)` is `f(z, y, x)`.
    pub fn from_fn(
        shape: [usize; 3],
        spacing: [f64; 3],
        mut f: impl FnMut(usize, usize, usize) -> f32,
    ) -> Volume {
        let [d, h, w] = shape;
        let mut data = Vec::with_capacity(d * h * w);
        for z in 0..d {
            for y in 0..h {
                for x in 0..w {
                    data.push(f(z, y, x));
                }
            }
        }
        Volume {
            shape,
            spacing,
            data,
        }
    }

    /// Number of voxels.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether the volume has no voxels.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Row-major index of voxel `(z, y, x)`.
    pub fn index(&self, z: usize, y: usize, x: usize) -> usize {
        (z * self.shape[1] + y) * self.shape[2] + x
    }

    /// The value at voxel `(z, y, x)`.
    pub fn at(&self, z: usize, y: usize, x: usize) -> f32 {
        self.data[self.index(z, y, x)]
    }
}
