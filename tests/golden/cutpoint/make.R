# Regenerates the cutpoint goldens (R 4.2.2, maxstat 0.7-25 / pROC 1.18.0). Run here: Rscript make.R
# Conventions: high group = score > cutpoint.
# maxstat: maxstat.test(Surv(time, status) ~ score, smethod = "LogRank", pmethod = "Lau94",
#   minprop = m, maxprop = 1 - m); statistic = $statistic, cutpoint = $estimate, p = Lau94 bound.
# median: median(score); statistic and p null.
# youden: pROC coords(roc(label, score, levels = c(0, 1), direction = "<"), "best",
#   best.method = "youden") (pROC's midpoint threshold); statistic = sens + spec - 1.
suppressMessages({library(maxstat); library(pROC)}); library(survival); library(jsonlite)
write_case <- function(name, d, out, args) {
  writeLines(paste(args, "--json"), file.path(name, "args"))
  write(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE), file.path(name, "golden.json"))
  file.copy("tol.json", file.path(name, "tol.json"), overwrite = TRUE)
}
prep <- function(name, d) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "data.csv"), row.names = FALSE)
  d <- read.csv(file.path(name, "data.csv"))
  list(d = d[complete.cases(d), , drop = FALSE], n_dropped = nrow(d) - sum(complete.cases(d)))
}
ms <- function(name, d, score, minprop = 0.1) {
  p <- prep(name, d); d <- p$d
  m <- maxstat.test(as.formula(paste("Surv(time, status) ~", score)), data = d, smethod = "LogRank",
                    pmethod = "Lau94", minprop = minprop, maxprop = 1 - minprop)
  cut <- unname(m$estimate)
  out <- list(method = "maxstat", cutpoint = cut, statistic = unname(m$statistic), p = m$p.value,
              n_high = sum(d[[score]] > cut), n_low = sum(d[[score]] <= cut), n_dropped = p$n_dropped)
  args <- paste("cutpoint --data data.csv --score", score, "--method maxstat --time time --event status")
  if (minprop != 0.1) args <- paste(args, "--min-prop", minprop)
  write_case(name, d, out, args)
}
med <- function(name, d, score) {
  p <- prep(name, d); d <- p$d; cut <- median(d[[score]])
  out <- list(method = "median", cutpoint = cut, statistic = NULL, p = NULL,
              n_high = sum(d[[score]] > cut), n_low = sum(d[[score]] <= cut), n_dropped = p$n_dropped)
  out["statistic"] <- list(NULL); out["p"] <- list(NULL)
  write_case(name, d, out, paste("cutpoint --data data.csv --score", score, "--method median"))
}
yo <- function(name, d, score, label) {
  p <- prep(name, d); d <- p$d
  r <- roc(d[[label]], d[[score]], levels = c(0, 1), direction = "<", quiet = TRUE)
  b <- coords(r, "best", best.method = "youden", ret = c("threshold", "sensitivity", "specificity"))
  stopifnot(nrow(b) == 1)
  cut <- b$threshold
  out <- list(method = "youden", cutpoint = cut, statistic = b$sensitivity + b$specificity - 1, p = NULL,
              n_high = sum(d[[score]] > cut), n_low = sum(d[[score]] <= cut), n_dropped = p$n_dropped)
  out["p"] <- list(NULL)
  write_case(name, d, out, paste("cutpoint --data data.csv --score", score, "--method youden --label", label))
}
fit <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung)
l <- data.frame(time = lung$time, status = lung$status - 1, lp = predict(fit, newdata = lung, type = "lp"),
                age = lung$age)
ms("lung_maxstat_lp", l, "lp")
ms("lung_maxstat_age_minprop02", l[, c("time", "status", "age")], "age", minprop = 0.2)
v <- data.frame(time = veteran$time, status = veteran$status, karno = veteran$karno)
ms("veteran_maxstat_karno_ties", v, "karno")
med("lung_median_lp", l[, c("lp"), drop = FALSE], "lp")
med("veteran_median_karno_even", v[-1, c("karno"), drop = FALSE], "karno")
a <- data.frame(outcome = as.integer(aSAH$outcome == "Poor"), s100b = aSAH$s100b)
yo("asah_youden_s100b", a, "s100b", "outcome")
