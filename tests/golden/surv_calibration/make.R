# Goldens for survival/src/calibration: Cox-predicted survival at a horizon vs Kaplan-Meier
# by risk group. Run from this folder: Rscript make.R
#   pred = summary(survfit(coxph fit, newdata = data), times = t)$surv
#   group = cut(1 - pred, unique(quantile(1 - pred, 0:g/g)), include.lowest = TRUE)
#   observed = summary(survfit(Surv(time, status) ~ 1, group), times = t, extend = TRUE)
library(survival)
g17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
write_case <- function(name, d, form, h, g) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "data.csv"), row.names = FALSE, quote = FALSE)
  d <- read.csv(file.path(name, "data.csv"))
  fit <- coxph(form, data = d, model = TRUE)
  pred <- summary(survfit(fit, newdata = d), times = h)$surv[1, ]
  risk <- 1 - pred
  br <- unique(quantile(risk, 0:g / g))
  grp <- as.integer(cut(risk, br, include.lowest = TRUE))
  lines <- c(paste("horizon", g17(h)), paste("groups", g))
  for (k in sort(unique(grp))) {
    s <- summary(survfit(Surv(time, status) ~ 1, data = d[grp == k, ]), times = h, extend = TRUE)
    lines <- c(lines, paste("group", k, sum(grp == k), sum(d$status[grp == k] == 1 & d$time[grp == k] <= h),
      g17(mean(pred[grp == k])), g17(s$surv), g17(s$std.err), g17(s$lower), g17(s$upper)))
  }
  writeLines(lines, file.path(name, "golden.tsv"))
}
l <- na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog")])
l$status <- l$status - 1
write_case("lung_365_deciles", l, Surv(time, status) ~ age + sex + ph.ecog, 365, 10)
cc <- colon[colon$etype == 2 & !is.na(colon$nodes), c("time", "status", "nodes", "extent", "rx")]
cc$lev <- as.integer(cc$rx == "Lev"); cc$lev5fu <- as.integer(cc$rx == "Lev+5FU"); cc$rx <- NULL
write_case("colon_1826_quintiles", cc, Surv(time, status) ~ nodes + extent + lev + lev5fu, 1826, 5)
# CLI case (prognos surv-calibration): same computation, JSON golden
library(jsonlite)
cli_case <- function(name, d, form, covs, h, g) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "data.csv"), row.names = FALSE, quote = FALSE)
  d <- read.csv(file.path(name, "data.csv"))
  fit <- coxph(form, data = d, model = TRUE)
  pred <- summary(survfit(fit, newdata = d), times = h)$surv[1, ]
  risk <- 1 - pred
  br <- unique(quantile(risk, 0:g / g))
  grp <- as.integer(cut(risk, br, include.lowest = TRUE))
  tab <- lapply(sort(unique(grp)), function(k) {
    s <- summary(survfit(Surv(time, status) ~ 1, data = d[grp == k, ]), times = h, extend = TRUE)
    list(group = k, n = sum(grp == k), events = sum(d$status[grp == k] == 1 & d$time[grp == k] <= h),
         predicted = mean(pred[grp == k]), observed = s$surv, std_err = s$std.err,
         lower = s$lower, upper = s$upper)
  })
  out <- list(n = nrow(d), events = sum(d$status), n_dropped = 0, horizon = h,
              breaks = unname(br), table = tab)
  write_json(out, file.path(name, "golden.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
  writeLines(sprintf("surv-calibration --data data.csv --time time --event status --covariates %s --horizon %s --groups %d --json",
                     covs, h, g), file.path(name, "args"))
  writeLines('{\n  "default": {"abs": 1e-8, "rel": 1e-6},\n  "keys": {"breaks[]": {"abs": 1e-9, "rel": 1e-6}}\n}',
             file.path(name, "tol.json"))
  writeLines("needs the surv-calibration subcommand registered in src/cli/mod.rs", file.path(name, "pending"))
}
cli_case("cli_lung_365", l, Surv(time, status) ~ age + sex + ph.ecog, "age,sex,ph.ecog", 365, 10)
