# Goldens for the survival decision curve (core-stats/src/diagnostic/dca_surv.rs):
# net benefit at horizon t of treating when risk >= pt, as dcurves::dca with a Surv outcome,
# computed from the formula with survival::survfit (dcurves is not installed):
#   NB(pt) = (1 - S(t | risk >= pt)) P(risk >= pt) - S(t | risk >= pt) P(risk >= pt) pt/(1 - pt)
# S = Kaplan-Meier at t (summary(survfit, times = t, extend = TRUE)); NB = 0 when nobody is
# treated; treat-all uses every subject. Run from this folder: Rscript make.R
library(survival)
g <- function(x) sprintf("%.17g", x)
S <- function(d, h) summary(survfit(Surv(time, status) ~ 1, data = d), times = h, extend = TRUE)$surv
write_case <- function(name, d, h, thr) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "data.csv"), row.names = FALSE, quote = FALSE)
  d <- read.csv(file.path(name, "data.csv"))
  lines <- c(paste("horizon", g(h)), paste("event_rate", g(1 - S(d, h))))
  for (pt in thr) {
    pos <- d$risk >= pt
    nb <- if (!any(pos)) 0 else {
      s <- S(d[pos, ], h); m <- mean(pos)
      (1 - s) * m - s * m * pt / (1 - pt)
    }
    sa <- S(d, h)
    nba <- (1 - sa) - sa * pt / (1 - pt)
    lines <- c(lines, paste("nb", g(pt), g(nb), g(mean(pos)), g(nba)))
  }
  writeLines(lines, file.path(name, "golden.tsv"))
}
# lung: Cox model risk of death by 1 year (365 days)
l <- na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog")])
l$status <- l$status - 1
fit <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = l)
sf <- survfit(fit, newdata = l)
risk <- 1 - summary(sf, times = 365)$surv[1, ]
write_case("lung_365", data.frame(time = l$time, status = l$status, risk = as.numeric(risk)), 365,
           seq(0, 0.95, by = 0.05))
# colon (death, etype 2): risk from nodes at 5 years (1826 days); many ties in risk
cc <- colon[colon$etype == 2 & !is.na(colon$nodes), c("time", "status", "nodes", "extent")]
f2 <- coxph(Surv(time, status) ~ nodes + extent, data = cc)
r2 <- 1 - summary(survfit(f2, newdata = cc), times = 1826)$surv[1, ]
write_case("colon_1826", data.frame(time = cc$time, status = cc$status, risk = as.numeric(r2)), 1826,
           seq(0, 0.9, by = 0.1))
# CLI case (prognos dca-surv): JSON golden on the lung data
library(jsonlite)
d <- read.csv("lung_365/data.csv")
dir.create("cli_lung_365", showWarnings = FALSE)
write.csv(d, "cli_lung_365/data.csv", row.names = FALSE, quote = FALSE)
thr <- seq(0, 0.95, by = 0.05)
sa <- S(d, 365)
nbm <- sapply(thr, function(pt) { pos <- d$risk >= pt; if (!any(pos)) 0 else {
  s <- S(d[pos, ], 365); m <- mean(pos); (1 - s) * m - s * m * pt / (1 - pt) } })
out <- list(n = nrow(d), n_dropped = 0, prevalence = 1 - sa, horizon = 365, thresholds = thr,
  curves = list(list(label = "all", net_benefit = (1 - sa) - sa * thr / (1 - thr), treated = rep(1, length(thr))),
                list(label = "none", net_benefit = rep(0, length(thr)), treated = rep(0, length(thr))),
                list(label = "risk", net_benefit = nbm, treated = sapply(thr, function(pt) mean(d$risk >= pt)))))
write_json(out, "cli_lung_365/golden.json", auto_unbox = TRUE, digits = NA, pretty = TRUE)
writeLines("dca-surv --data data.csv --time time --event status --scores risk --horizon 365 --thresholds 0,0.95,0.05 --json",
           "cli_lung_365/args")
writeLines('{\n  "default": {"abs": 1e-10, "rel": 1e-8}\n}', "cli_lung_365/tol.json")
writeLines("needs the dca-surv subcommand registered in src/cli/mod.rs", "cli_lung_365/pending")
