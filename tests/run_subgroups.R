# R reference values of the subgroup checks in tests/run.rs, on the files
# `prognos demo --out DIR --seed 7 --bootstrap 50` writes (cohort CSVs, and
# the CT and WSI network scores under DIR/plugins/). R 4.2, survival 3.5.
#   Rscript tests/run_subgroups.R DIR     (prints the r_values array)
suppressMessages({library(survival); library(jsonlite)})
dir <- commandArgs(TRUE)[1]
res <- fromJSON(file.path(dir, "results.json"))
sel <- res$selected
sel <- unlist(lapply(sel, function(t) if (t == "differentiation") c("differentiation[moderate]", "differentiation[poor]") else t))
cohorts <- c("training", "internal", "external1", "external2", "external3", "archive")
read_cohort <- function(name) {
  d <- read.csv(file.path(dir, "data", paste0(name, ".csv")))
  if (dir.exists(file.path(dir, "plugins"))) for (m in c("CT", "WSI")) {
    s <- read.csv(file.path(dir, "plugins", paste0(m, "_", name, "_scores.csv")))
    names(s)[2] <- paste0(tolower(m), "_score")
    d <- merge(d, s, by = "patient_id", sort = FALSE)
  }
  d$differentiation <- factor(d$differentiation, levels = c("well", "moderate", "poor"))
  d$cohort <- name
  d
}
all <- do.call(rbind, lapply(cohorts, read_cohort))
design <- function(d) {
  X <- model.matrix(~ age + male + t_stage + n_stage + differentiation + smoking + drinking +
                      ct_score + wsi_score, d)[, -1]
  colnames(X) <- sub("^differentiation(.*)$", "differentiation[\\1]", colnames(X))
  X[, sel, drop = FALSE]
}
tr <- all[all$cohort == "training", ]
Xtr <- design(tr)
fit <- coxph(Surv(tr$os_time, tr$os_event) ~ Xtr, ties = "efron")
lp_tr <- drop(Xtr %*% coef(fit))
cut <- median(lp_tr)
te <- all[all$cohort != "training", ]
te$high <- as.numeric(drop(design(te) %*% coef(fit)) > cut)
te$g_t <- ifelse(te$t_stage < 3, "a", "b")
te$g_n <- ifelse(te$n_stage < 1, "a", "b")
te$g_m <- ifelse(te$male == 0, "a", "b")
te$g_a <- ifelse(te$age < 60, "a", "b")
cat(sprintf("cutoff %.15g (prognos %.15g)\n", cut, res$cutoff))
for (g in c("g_t", "g_n", "g_m", "g_a")) {
  te$g <- te[[g]]
  f0 <- coxph(Surv(os_time, os_event) ~ high + g, te)
  f1 <- coxph(Surv(os_time, os_event) ~ high * g, te)
  p <- anova(f0, f1)[2, "Pr(>|Chi|)"]
  cat(sprintf("        (\n            %.15g,\n            [\n", p))
  for (l in c("a", "b")) {
    s <- te[te$g == l, ]
    hr <- exp(coef(coxph(Surv(os_time, os_event) ~ high, s)))
    lr <- survdiff(Surv(os_time, os_event) ~ high, s)
    lp <- pchisq(lr$chisq, 1, lower.tail = FALSE)
    cat(sprintf("                (%.15g, %.15g),\n", hr, lp))
  }
  cat("            ],\n        ),\n")
}
