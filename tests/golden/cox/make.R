# Regenerates the `cox` goldens. Run from this folder: Rscript make.R
# R 4.2.2, survival 3.5.3, jsonlite 1.8.4. Values are computed from the CSV
# as read back by R; see README.md for conventions.
suppressMessages({library(survival); library(jsonlite)})
source("cox_json.R")

# 1. rats: robust variance summed by litter (cluster), sex as a factor.
d <- write_data("rats_cluster", survival::rats)
f <- coxph(Surv(time, status) ~ rx + factor(sex), d, cluster = litter)
g <- cox_json(f, 0); g$coefficients[[2]]$term <- "sex[m]"
write_case("rats_cluster", d,
  "cox --data data.csv --time time --event status --covariates rx,sex --factors sex --cluster litter --json",
  g, cox_tol(paste("robust se: crossproduct of residuals(fit, 'dfbeta', collapse = litter).",
    "concordance.se: coxph passes the cluster to concordancefit (dfbeta summed by litter,",
    "grouped jackknife)")))

# 2. lung with case weights 1,2,3,... and --robust, Breslow ties, 90% intervals.
l <- survival::lung; l$status <- l$status - 1; l$w <- rep(1:3, length.out = nrow(l))
l <- l[, c("time", "status", "age", "sex", "ph.ecog", "w")]
d <- write_data("lung_weights_robust_breslow", l)
f <- coxph(Surv(time, status) ~ age + sex + ph.ecog, d, weights = w, robust = TRUE, ties = "breslow")
write_case("lung_weights_robust_breslow", d,
  "cox --data data.csv --time time --event status --covariates age,sex,ph.ecog --weights w --robust --ties breslow --conf-level 0.9 --json",
  cox_json(f, 1, conf = 0.9), cox_tol())

# 3. Stanford heart transplant, counting-process (start, stop] rows, robust by id.
#    Concordance over the counting-process risk sets, se by the grouped jackknife over id.
d <- write_data("heart_counting_process", survival::heart)
f <- coxph(Surv(start, stop, event) ~ age + year + surgery + transplant, d, cluster = id)
write_case("heart_counting_process", d,
  "cox --data data.csv --start start --time stop --event event --covariates age,year,surgery,transplant --cluster id --json",
  cox_json(f, 0), cox_tol("concordance: concordancefit of Surv(start, stop, event), cluster = id"))

# 4. Near-tied times: lung times in weeks computed two ways (t/7 and t*(1/7))
#    differ in the last bits; timefix (aeqSurv) must merge them as coxph does.
l <- survival::lung; l$status <- l$status - 1
l$weeks <- ifelse(seq_len(nrow(l)) %% 2 == 0, l$time / 7, l$time * (1 / 7))
l <- l[, c("weeks", "status", "age", "sex")]
dir.create("lung_near_tied_times", showWarnings = FALSE)
write.csv(format(l, digits = 17), "lung_near_tied_times/data.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("lung_near_tied_times/data.csv")
stopifnot(length(unique(d$weeks)) > length(unique(round(d$weeks, 8))))
f <- coxph(Surv(weeks, status) ~ age + sex, d)
write_case("lung_near_tied_times", d,
  "cox --data data.csv --time weeks --event status --covariates age,sex --json",
  cox_json(f, 0), cox_tol("times differ by ~1e-14: must be merged (timefix) before the risk sets are built"))

# 5. veteran: Breslow, strata by celltype, robust.
v <- survival::veteran
d <- write_data("veteran_strata_robust", v)
f <- coxph(Surv(time, status) ~ trt + karno + age + strata(celltype), d, ties = "breslow", robust = TRUE)
write_case("veteran_strata_robust", d,
  "cox --data data.csv --time time --event status --covariates trt,karno,age --strata celltype --ties breslow --robust --json",
  cox_json(f, 0), cox_tol())
