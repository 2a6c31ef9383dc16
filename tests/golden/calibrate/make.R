# Regenerates the optimism-corrected calibration goldens (rms::calibrate, method = "boot").
# Run from this folder: Rscript make.R
# rms draws its bootstrap resamples with sample(n, replace = TRUE), once per
# replicate and nothing else random, so set.seed(s) followed by
# replicate(B, sample(n, replace = TRUE)) gives the very resamples calibrate()
# used; they are written to resamples.csv (1-based, one column per replicate)
# and prognos reads them with --resamples. The script checks that claim by
# recomputing the optimism from those resamples in plain R before writing.
suppressMessages({library(rms); library(jsonlite); library(survival)})
case <- function(name, d, form, B, seed) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "data.csv"), row.names = FALSE)
  d <- read.csv(file.path(name, "data.csv"))
  f <- lrm(form, data = d, x = TRUE, y = TRUE)
  n <- nrow(d)
  set.seed(seed)
  cal <- calibrate(f, B = B)
  set.seed(seed)
  idx <- replicate(B, sample(n, replace = TRUE))
  # plain-R recomputation from the same resamples (the check)
  X <- f$x; y <- f$y; p0 <- plogis(f$linear.predictors)
  predy <- cal[, "predy"]
  ce <- function(p, yy) approx(lowess(p, yy, iter = 0), xout = predy, ties = function(v) v[1])$y - predy
  tr <- te <- numeric(length(predy)); num <- integer(length(predy))
  for (b in seq_len(B)) {
    s <- idx[, b]
    fb <- lrm.fit(X[s, , drop = FALSE], y[s], tol = 1e-13)
    pa <- plogis(drop(cbind(1, X) %*% coef(fb)))
    a <- ce(pa[s], y[s]); t <- ce(pa, y)
    ok <- !is.na(a + t); num <- num + ok; a[!ok] <- 0; t[!ok] <- 0
    tr <- tr + a; te <- te + t
  }
  stopifnot(isTRUE(all.equal(unname(tr / num - te / num), unname(cal[, "optimism"]), tolerance = 1e-10)))
  colnames(idx) <- paste0("r", seq_len(B))
  write.csv(idx, file.path(name, "resamples.csv"), row.names = FALSE)
  s <- !is.na(cal[, "predy"] + cal[, "calibrated.corrected"])
  err <- p0 - approx(cal[s, "predy"], cal[s, "calibrated.corrected"], xout = p0, ties = mean)$y
  covs <- attr(terms(form), "term.labels")
  writeLines(sprintf("calibration --data data.csv --label y --covariates %s --resamples resamples.csv --json",
                     paste(covs, collapse = ",")), file.path(name, "args"))
  curve <- lapply(seq_len(nrow(cal)), function(k) list(
    predicted = cal[k, "predy"], apparent = cal[k, "calibrated.orig"],
    corrected = cal[k, "calibrated.corrected"], training = cal[k, "training"],
    test = cal[k, "test"], optimism = cal[k, "optimism"], n = cal[k, "n"]))
  out <- list(n = n, events = sum(y),
              optimism_corrected = list(replicates = B, failed = 0L,
                mean_abs_error = mean(abs(err), na.rm = TRUE),
                mean_squared_error = mean(err^2, na.rm = TRUE),
                q90_abs_error = unname(quantile(abs(err), 0.9, na.rm = TRUE)),
                curve = curve))
  write_json(out, file.path(name, "golden.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
  file.copy("tol.json", file.path(name, "tol.json"), overwrite = TRUE)
}
set.seed(20261123)
n <- 250
sim <- data.frame(age = round(rnorm(n, 62, 9), 1), stage = rbinom(n, 1, 0.4), marker = rexp(n))
sim$y <- rbinom(n, 1, plogis(-4 + 0.05 * sim$age + 0.9 * sim$stage + 0.4 * sim$marker))
case("simulated_lrm", sim, y ~ age + stage + marker, B = 60, seed = 11)
l <- na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog", "wt.loss")])
lung1 <- data.frame(y = as.integer(l$status == 2 & l$time < 365), age = l$age, sex = l$sex,
                    ecog = l$ph.ecog, wtloss = l$wt.loss)
case("lung_one_year_death", lung1, y ~ age + sex + ecog + wtloss, B = 40, seed = 3)
