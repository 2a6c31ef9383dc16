# Regenerates the td_auc goldens with riskRegression (R 4.2.2, riskRegression as installed).
# Run here: Rscript make.R
# Conventions: Score(list(m = score), Surv(time, status) ~ 1, data, times, metrics = "AUC",
# cens.model = "km", null.model = FALSE): cumulative/dynamic AUC, cases T <= t with an event,
# weighted 1 / G(T-), controls T > t weighted 1 / G(t), G the marginal Kaplan-Meier of censoring.
# se: riskRegression's influence-function standard error (se.fit = TRUE, conservative = FALSE:
# includes the term from estimating the KM censoring survival), sd(IF) / sqrt(n).
suppressMessages(library(riskRegression)); library(survival); library(jsonlite)
case <- function(name, d, score, times) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "data.csv"), row.names = FALSE)
  d <- read.csv(file.path(name, "data.csv"))
  n0 <- nrow(d); d <- d[complete.cases(d), ]
  s <- Score(setNames(list(d[[score]]), score), formula = Surv(time, status) ~ 1, data = d,
             times = times, metrics = "AUC", cens.model = "km", null.model = FALSE, se.fit = TRUE)
  a <- s$AUC$score
  out <- list(auc = lapply(seq_len(nrow(a)), function(i) list(time = a$times[i], auc = a$AUC[i], se = a$se[i])),
              n = nrow(d), n_dropped = n0 - nrow(d))
  writeLines(paste("td-auc --data data.csv --time time --event status --score", score,
                   "--times", paste(times, collapse = ","), "--json"), file.path(name, "args"))
  write(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE), file.path(name, "golden.json"))
  file.copy("tol.json", file.path(name, "tol.json"), overwrite = TRUE)
}
fit <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung)
l <- data.frame(time = lung$time, status = lung$status - 1,
                lp = predict(fit, newdata = lung, type = "lp"))
case("lung_tdauc_lp", l, "lp", c(180, 365, 730))
v <- data.frame(time = veteran$time, status = veteran$status, risk = -veteran$karno)
case("veteran_tdauc_karno_ties", v, "risk", c(30, 90, 180, 365))
cl <- subset(colon, etype == 2)
c2 <- data.frame(time = cl$time, status = cl$status, nodes = cl$nodes)
case("colon_tdauc_nodes", c2, "nodes", c(365, 1000, 2000))
