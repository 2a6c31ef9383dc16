//! The demo's HTML report: one self-contained file (inline CSS, no
//! network) with the study's tables as R prints them.

use prognos_models::study::StudyResults;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn table(t: &prognos_core::Table) -> String {
    let mut h = String::from("<table><thead><tr><th></th>");
    for c in &t.columns {
        h.push_str(&format!("<th>{}</th>", escape(c)));
    }
    h.push_str("</tr></thead><tbody>");
    for r in 0..t.n_rows() {
        h.push_str(&format!("<tr><th>{}</th>", escape(&t.row_names[r])));
        for c in 0..t.columns.len() {
            h.push_str(&format!("<td>{}</td>", escape(&t.cell_text(r, c))));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    for f in &t.footer {
        h.push_str(&format!("<p class=\"foot\">{}</p>", escape(f)));
    }
    h
}

/// Renders the study results as a self-contained HTML page.
pub fn html(r: &StudyResults, seed: u64) -> String {
    let mut body = String::new();
    body.push_str("<h1>prognos demo: multimodal prognosis study (synthetic)</h1>");
    body.push_str(&format!(
        "<p>Synthetic multi-centre head-and-neck cancer study generated with seed {seed}: \
         a training cohort, an internal test cohort and four external cohorts. \
         Image-model risk scores (CT, WSI) and clinical variables were screened by univariate \
         Cox regression in the training cohort; predictors with p &lt; {:.2} entered a \
         multivariable Cox model (the fusion model; Efron ties, as <code>survival::coxph</code>). \
         Discrimination is Harrell's C (as <code>survival::concordance(..., reverse = TRUE)</code>) \
         with a {}-replicate percentile bootstrap interval, and Uno's C. Patients were split at the \
         training median of the fusion model's linear predictor ({:.4}).</p>",
        r.screen.p_threshold,
        r.performance.first().map_or(0, |p| p.bootstrap.b),
        r.cutoff
    ));
    body.push_str("<h2>Cohorts</h2>");
    body.push_str(&table(&r.cohort_table()));
    body.push_str("<h2>Univariate Cox screen (training)</h2>");
    body.push_str(&table(&r.screen.summary()));
    if let Some(m) = r.models.first() {
        body.push_str("<h2>Fusion model (training)</h2>");
        body.push_str(&table(&m.fit.summary()));
    }
    body.push_str("<h2>Discrimination</h2>");
    body.push_str(&table(&r.performance_table()));
    body.push_str("<h2>Risk groups</h2>");
    body.push_str(&table(&r.risk_group_table()));
    body.push_str(&format!(
        "<p class=\"foot\">prognos {} — every estimator is checked against R's reference packages \
         on committed golden files.</p>",
        env!("CARGO_PKG_VERSION")
    ));
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>prognos demo</title>\
         <style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;color:#222}}\
         table{{border-collapse:collapse;margin:1rem 0;font-size:0.9rem}}\
         th,td{{padding:0.2rem 0.6rem;text-align:right;border-bottom:1px solid #ddd}}\
         thead th{{border-bottom:2px solid #444}} tbody th{{text-align:left}}\
         .foot{{color:#555;font-size:0.85rem}}</style></head><body>{body}</body></html>"
    )
}
