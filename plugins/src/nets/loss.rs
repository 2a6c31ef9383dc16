//! Survival losses for the networks, written with differentiable tensor
//! operations only (matmul, exp, log, sums), so autodiff needs nothing
//! special.

use burn::tensor::activation::sigmoid;
use burn::tensor::{Tensor, TensorData};

/// Negative Cox partial log-likelihood of a mini-batch (Breslow ties),
/// averaged over its events:
///
/// `L = −(1/d) Σᵢ δᵢ [ηᵢ − log Σⱼ 1(tⱼ ≥ tᵢ) exp ηⱼ]`
///
/// the loss of DeepSurv (Katzman et al. 2018) used by the study's CT model.
/// The risk sets are those of the batch. `η` is shifted by its (detached)
/// maximum before `exp`, which leaves `L` unchanged and avoids overflow.
/// Returns `None` when the batch has no event (the likelihood is empty).
pub fn cox_partial_nll(risk: Tensor<1>, time: &[f64], event: &[bool]) -> Option<Tensor<1>> {
    let n = time.len();
    let d = event.iter().filter(|&&e| e).count();
    if d == 0 || n == 0 {
        return None;
    }
    let device = risk.device();
    let mut mask = vec![0f32; n * n];
    for i in 0..n {
        for j in 0..n {
            if time[j] >= time[i] {
                mask[i * n + j] = 1.0;
            }
        }
    }
    let mask = Tensor::<2>::from_data(TensorData::new(mask, [n, n]), &device);
    let delta: Vec<f32> = event.iter().map(|&e| if e { 1.0 } else { 0.0 }).collect();
    let delta = Tensor::<1>::from_data(TensorData::new(delta, [n]), &device);
    let max = risk.clone().detach().max(); // [1]
    let shifted = risk - max.expand([n]);
    let log_risk_set = mask
        .matmul(shifted.clone().exp().reshape([n, 1]))
        .reshape([n])
        .log();
    let ll = (shifted - log_risk_set) * delta;
    Some(ll.sum().neg().div_scalar(d as f32))
}

/// Interval index of each time given the interior cut points `cuts`
/// (ascending): bin `k` holds `cuts[k−1] < t ≤ cuts[k]`.
pub fn time_bins(time: &[f64], cuts: &[f64]) -> Vec<usize> {
    time.iter()
        .map(|&t| cuts.iter().take_while(|&&c| t > c).count())
        .collect()
}

/// Interior cut points for `n_bins` intervals: the quantiles of the event
/// times (as PORPOISE/CLAM-survival do), falling back to all times when
/// there are fewer events than bins.
pub fn quantile_cuts(time: &[f64], event: &[bool], n_bins: usize) -> Vec<f64> {
    let mut t: Vec<f64> = time
        .iter()
        .zip(event)
        .filter(|(_, e)| **e)
        .map(|(t, _)| *t)
        .collect();
    if t.len() < n_bins {
        t = time.to_vec();
    }
    t.sort_by(f64::total_cmp);
    if t.is_empty() {
        return Vec::new();
    }
    (1..n_bins)
        .map(|k| {
            let pos = (k as f64 / n_bins as f64) * (t.len() - 1) as f64;
            let lo = pos.floor() as usize;
            let frac = pos - lo as f64;
            t[lo] + frac * (t[(lo + 1).min(t.len() - 1)] - t[lo])
        })
        .collect()
}

/// Negative log-likelihood of a discrete-time survival model (Zadeh &
/// Schmid 2021), averaged over the batch. With hazards `hₖ = σ(logitₖ)`
/// and `S(k) = Πⱼ≤ₖ (1 − hⱼ)`, a patient whose event falls in bin `y`
/// contributes `−log S(y−1) − log h_y`; one censored in bin `y`
/// contributes `−log S(y)`. `logits` is `[batch, n_bins]`; hazards are
/// clamped to `[1e−7, 1 − 1e−7]`.
pub fn discrete_nll(logits: Tensor<2>, bins: &[usize], event: &[bool]) -> Tensor<1> {
    let [b, k] = logits.dims();
    let device = logits.device();
    let h = sigmoid(logits).clamp(1e-7, 1.0 - 1e-7);
    let log_h = h.clone().log();
    let log_1mh = h.neg().add_scalar(1.0).log();
    // upper[j, k] = 1 for j ≤ k: log S = log(1 − h) · upper (cumulative sum).
    let mut upper = vec![0f32; k * k];
    for j in 0..k {
        for c in j..k {
            upper[j * k + c] = 1.0;
        }
    }
    let upper = Tensor::<2>::from_data(TensorData::new(upper, [k, k]), &device);
    let log_s = log_1mh.clone().matmul(upper);
    let log_s_prev = log_s.clone() - log_1mh;
    let mut onehot = vec![0f32; b * k];
    let mut ev = vec![0f32; b];
    for i in 0..b {
        onehot[i * k + bins[i].min(k - 1)] = 1.0;
        ev[i] = if event[i] { 1.0 } else { 0.0 };
    }
    let onehot = Tensor::<2>::from_data(TensorData::new(onehot, [b, k]), &device);
    let ev = Tensor::<2>::from_data(TensorData::new(ev, [b, 1]), &device);
    let uncensored = ((log_s_prev + log_h) * onehot.clone()).sum_dim(1); // [b, 1]
    let censored = (log_s * onehot).sum_dim(1);
    let ll = uncensored * ev.clone() + censored * ev.neg().add_scalar(1.0);
    ll.mean().neg()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Cox loss equals the partial likelihood computed by hand.
    #[test]
    fn cox_loss_matches_hand_computation() {
        let device = crate::nets::cpu_device();
        let eta = [0.3f32, -0.2, 0.8, 0.0];
        let time = [5.0, 3.0, 3.0, 8.0];
        let event = [true, true, false, true];
        let risk = Tensor::<1>::from_data(TensorData::new(eta.to_vec(), [4]), &device);
        let got = cox_partial_nll(risk, &time, &event)
            .unwrap()
            .into_scalar::<f32>() as f64;
        let mut ll = 0.0;
        for i in 0..4 {
            if event[i] {
                let denom: f64 = (0..4)
                    .filter(|&j| time[j] >= time[i])
                    .map(|j| (eta[j] as f64).exp())
                    .sum();
                ll += eta[i] as f64 - denom.ln();
            }
        }
        assert!((got - (-ll / 3.0)).abs() < 1e-5, "{got} vs {}", -ll / 3.0);
        let none = Tensor::<1>::from_data(TensorData::new(vec![0.0f32; 2], [2]), &device);
        assert!(cox_partial_nll(none, &[1.0, 2.0], &[false, false]).is_none());
    }

    /// The discrete NLL equals the likelihood computed by hand.
    #[test]
    fn discrete_nll_matches_hand_computation() {
        let device = crate::nets::cpu_device();
        let logits = [0.2f32, -0.5, 1.0, -1.0, 0.0, 0.5];
        let bins = [1usize, 2];
        let event = [true, false];
        let t = Tensor::<2>::from_data(TensorData::new(logits.to_vec(), [2, 3]), &device);
        let got = discrete_nll(t, &bins, &event).into_scalar::<f32>() as f64;
        let sig = |x: f32| 1.0 / (1.0 + (-(x as f64)).exp());
        // patient 0: event in bin 1: -log(1-h0) - log h1
        let p0 = -(1.0 - sig(0.2)).ln() - sig(-0.5).ln();
        // patient 1: censored in bin 2: -log S(2)
        let p1 = -((1.0 - sig(-1.0)) * (1.0 - sig(0.0)) * (1.0 - sig(0.5))).ln();
        assert!((got - (p0 + p1) / 2.0).abs() < 1e-5);
    }

    #[test]
    fn bins_follow_cuts() {
        assert_eq!(
            time_bins(&[1.0, 2.0, 2.5, 9.0], &[2.0, 5.0]),
            vec![0, 0, 1, 2]
        );
        let cuts = quantile_cuts(&[1.0, 2.0, 3.0, 4.0, 5.0], &[true; 5], 2);
        assert_eq!(cuts, vec![3.0]);
    }
}
