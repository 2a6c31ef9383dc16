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
