//! Normal quantile and CDF at the precision of R's `qnorm`/`pnorm`.
//!
//! statrs' `Normal::inverse_cdf` is accurate to about 1e-11 relative; R's
//! `qnorm` uses Wichura's AS 241 (PPND16), accurate to about 1e-16, and the
//! BCa interval and the normal-approximation tests need R's digits.

// Coefficients are kept as published (more digits than f64 holds).
#![allow(clippy::excessive_precision)]

fn poly(c: &[f64], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &v| acc * x + v)
}

/// Standard normal quantile, Wichura (1988) AS 241 PPND16, as R `qnorm(p)`.
/// Returns -inf at 0, +inf at 1 and NaN outside [0, 1].
pub fn qnorm(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        const A: [f64; 8] = [
            3.387_132_872_796_366_6,
            133.141_667_891_784_38,
            1_971.590_950_306_551_3,
            13_731.693_765_509_461,
            45_921.953_931_549_87,
            67_265.770_927_008_7,
            33_430.575_583_588_13,
            2_509.080_928_730_122_7,
        ];
        const B: [f64; 8] = [
            1.0,
            42.313_330_701_600_91,
            687.187_007_492_057_9,
            5_394.196_021_424_751,
            21_213.794_301_586_597,
            39_307.895_800_092_71,
            28_729.085_735_721_943,
            5_226.495_278_852_854_5,
        ];
        return q * poly(&A, r) / poly(&B, r);
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    let r = (-tail.ln()).sqrt();
    let val = if r <= 5.0 {
        let r = r - 1.6;
        const C: [f64; 8] = [
            1.423_437_110_749_683_6,
            4.630_337_846_156_545,
            5.769_497_221_460_691,
            3.647_848_324_763_204_5,
            1.270_458_252_452_368_4,
            0.241_780_725_177_450_6,
            0.022_723_844_989_269_184,
            7.745_450_142_783_414e-4,
        ];
        const D: [f64; 8] = [
            1.0,
            2.053_191_626_637_759,
            1.676_384_830_183_803_8,
            0.689_767_334_985_1,
            0.148_103_976_427_480_07,
            0.015_198_666_563_616_457,
            5.475_938_084_995_345e-4,
            1.050_750_071_644_416_8e-9,
        ];
        poly(&C, r) / poly(&D, r)
    } else {
        let r = r - 5.0;
        const E: [f64; 8] = [
            6.657_904_643_501_103,
            5.463_784_911_164_114,
            1.784_826_539_917_291_3,
            0.296_560_571_828_504_9,
            0.026_532_189_526_576_124,
            0.001_242_660_947_388_078_4,
            2.711_555_568_743_487_6e-5,
            2.010_334_399_292_288_1e-7,
        ];
        const F: [f64; 8] = [
            1.0,
            0.599_832_206_555_888,
            0.136_929_880_922_735_8,
            0.014_875_361_290_850_615,
            7.868_691_311_456_133e-4,
            1.846_318_317_510_054_8e-5,
            1.421_511_758_316_446e-7,
            2.044_263_103_389_939_8e-15,
        ];
        poly(&E, r) / poly(&F, r)
    };
    if q < 0.0 { -val } else { val }
}

/// Both tails of the standard normal CDF, `(P(Z <= x), P(Z > x))`, by
/// Cody's (1993, ACM TOMS Algorithm 715) rational Chebyshev
/// approximations, the method of R's `pnorm`; each tail is accurate to
/// about 1e-16 relative, far into the tail.
pub fn pnorm_both(x: f64) -> (f64, f64) {
    if x.is_nan() {
        return (f64::NAN, f64::NAN);
    }
    // Cody (1969, 1993) coefficients: |x| <= 0.67, |x| <= sqrt(32), beyond.
    const A: [f64; 5] = [
        2.235_252_035_460_683_9,
        161.028_231_068_555_88,
        1_067.689_485_460_371,
        18_154.981_253_343_56,
        0.065_682_337_918_207_45,
    ];
    const B: [f64; 4] = [
        47.202_581_904_688_24,
        976.098_551_737_776_7,
        10_260.932_208_618_978,
        45_507.789_335_026_73,
    ];
    const C: [f64; 9] = [
        0.398_941_512_088_134_66,
        8.883_149_794_388_376,
        93.506_656_132_177_86,
        597.270_276_394_800_3,
        2_494.537_585_290_372_6,
        6_848.190_450_536_283,
        11_602.651_437_647_35,
        9_842.714_838_383_978,
        1.076_557_677_372_019_2e-8,
    ];
    const D: [f64; 8] = [
        22.266_688_044_328_116,
        235.387_901_782_625,
        1_519.377_599_407_554_8,
        6_485.558_298_266_761,
        18_615.571_640_885_1,
        34_900.952_721_145_98,
        38_912.003_286_093_27,
        19_685.429_676_859_99,
    ];
    const P: [f64; 6] = [
        0.215_898_534_057_957,
        0.127_401_161_160_247_36,
        0.022_235_277_870_649_807,
        0.001_421_619_193_227_893_5,
        2.911_287_495_116_879e-5,
        0.023_073_441_764_940_173,
    ];
    const Q: [f64; 5] = [
        1.284_260_096_144_911_2,
        0.468_238_212_480_865_1,
        0.065_988_137_868_928_55,
        0.003_782_396_332_027_582_4,
        7.297_515_550_839_662e-5,
    ];
    const M_1_SQRT_2PI: f64 = 0.398_942_280_401_432_7;
    let y = x.abs();
    if y <= 0.66291 {
        let xsq = if y > f64::EPSILON * 0.5 { x * x } else { 0.0 };
        let mut num = A[4] * xsq;
        let mut den = xsq;
        for i in 0..3 {
            num = (num + A[i]) * xsq;
            den = (den + B[i]) * xsq;
        }
        let t = x * (num + A[3]) / (den + B[3]);
        return (0.5 + t, 0.5 - t);
    }
    // exp(-y^2/2) split as exp(-s^2/2) exp(-(y-s)(y+s)/2) with s = y rounded
    // to 1/16, so the rounding of y^2 does not cost digits in the tail.
    let gauss = |y: f64| {
        let s = (y * 16.0).trunc() / 16.0;
        let del = (y - s) * (y + s);
        (-s * s * 0.5).exp() * (-del * 0.5).exp()
    };
    let small = if y <= 32f64.sqrt() {
        let mut num = C[8] * y;
        let mut den = y;
        for i in 0..7 {
            num = (num + C[i]) * y;
            den = (den + D[i]) * y;
        }
        (num + C[7]) / (den + D[7]) * gauss(y)
    } else if y < 38.5 {
        let xsq = 1.0 / (x * x);
        let mut num = P[5] * xsq;
        let mut den = xsq;
        for i in 0..4 {
            num = (num + P[i]) * xsq;
            den = (den + Q[i]) * xsq;
        }
        let r = xsq * (num + P[4]) / (den + Q[4]);
        (M_1_SQRT_2PI - r) / y * gauss(y)
    } else {
        0.0
    };
    if x > 0.0 {
        (1.0 - small, small)
    } else {
        (small, 1.0 - small)
    }
}

/// Standard normal CDF, as R `pnorm(x)`.
pub fn pnorm(x: f64) -> f64 {
    pnorm_both(x).0
}

/// Upper tail `P(Z > x)`, as R `pnorm(x, lower.tail = FALSE)` (accurate far in the tail).
pub fn pnorm_upper(x: f64) -> f64 {
    pnorm_both(x).1
}

use statrs::distribution::{ChiSquared, ContinuousCDF, FisherSnedecor, StudentsT};

/// Student t CDF `P(T <= t)` with `df` degrees of freedom (R `pt(t, df)`).
pub fn pt(t: f64, df: f64) -> f64 {
    if t.is_infinite() {
        return if t > 0.0 { 1.0 } else { 0.0 };
    }
    let d = StudentsT::new(0.0, 1.0, df).expect("df > 0");
    // the lower tail for negative t keeps relative precision in the far tail
    if t <= 0.0 { d.cdf(t) } else { 1.0 - d.cdf(-t) }
}

/// Student t upper tail `P(T > t)` (R `pt(t, df, lower.tail = FALSE)`).
pub fn pt_upper(t: f64, df: f64) -> f64 {
    pt(-t, df)
}

/// Student t quantile (R `qt(p, df)`): statrs' inverse polished by Newton
/// steps on the CDF so that it agrees with R to about 1e-14.
pub fn qt(p: f64, df: f64) -> f64 {
    let d = StudentsT::new(0.0, 1.0, df).expect("df > 0");
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    if p > 0.5 {
        return -qt(1.0 - p, df);
    }
    let mut x = d.inverse_cdf(p);
    for _ in 0..4 {
        let f = statrs::distribution::Continuous::pdf(&d, x);
        if f.is_nan() || f <= 0.0 {
            break;
        }
        let step = (pt(x, df) - p) / f;
        x -= step;
        if step.abs() <= 1e-16 * x.abs() {
            break;
        }
    }
    x
}

/// Chi-square upper tail `P(X > x)` (R `pchisq(x, df, lower.tail = FALSE)`).
pub fn pchisq_upper(x: f64, df: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    ChiSquared::new(df).expect("df > 0").sf(x)
}

/// F upper tail `P(F > x)` (R `pf(x, df1, df2, lower.tail = FALSE)`).
pub fn pf_upper(x: f64, df1: f64, df2: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    FisherSnedecor::new(df1, df2).expect("df > 0").sf(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qnorm_matches_r() {
        // R 4.2.2: sprintf("%.17g", qnorm(p))
        let cases = [
            (1e-300, -37.047096299361201),
            (9.9999999999999995e-21, -9.2623400897984052),
            (0.001, -3.0902323061678132),
            (0.024250000000000001, -1.9729610513118845),
            (0.050000000000000003, -1.6448536269514726),
            (0.29999999999999999, -0.52440051270804067),
            (0.5, 0.0),
            (0.59999999999999998, 0.25334710313579978),
            (0.97499999999999998, 1.9599639845400536),
            (0.99999899999999997, 4.7534243088170891),
        ];
        for (p, q) in cases {
            let got = qnorm(p);
            assert!(
                (got - q).abs() <= 4.0 * f64::EPSILON * q.abs(),
                "qnorm({p}) = {got}, R {q}"
            );
        }
    }

    #[test]
    fn pnorm_matches_r() {
        // R 4.2.2: sprintf("%.17g", pnorm(x)) and pnorm(x, lower.tail = FALSE)
        let cases = [
            (
                -1.8969996357164327,
                0.028913993085753813,
                0.97108600691424618,
            ),
            (-40.0, 0.0, 1.0),
            (-10.0, 7.6198530241605269e-24, 1.0),
            (-6.0, 9.8658764503769809e-10, 0.9999999990134123),
            (-0.3, 0.38208857781104733, 0.61791142218895267),
            (0.0, 0.5, 0.5),
            (1.2, 0.88493032977829178, 0.11506967022170828),
            (3.5, 0.99976737092096446, 0.00023262907903552494),
            (8.5, 1.0, 9.4795348222033192e-18),
        ];
        for (x, lo, up) in cases {
            let (l, u) = pnorm_both(x);
            assert!(
                (l - lo).abs() <= 8.0 * f64::EPSILON * lo,
                "pnorm({x}) = {l}, R {lo}"
            );
            assert!(
                (u - up).abs() <= 8.0 * f64::EPSILON * up,
                "upper({x}) = {u}, R {up}"
            );
        }
    }
}
