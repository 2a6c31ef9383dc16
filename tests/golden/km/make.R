# Regenerates the km goldens with survival (R 4.2.2, survival 3.5.3). Run here: Rscript make.R
# Conventions: survfit(Surv(time, status) ~ group, conf.type = ...); table = every distinct
# time of each curve; at = summary(fit, times = ...) (times past a curve's end left out, as R);
# median and limits from summary(fit)$table; logrank from survdiff (null without a group).
# Groups are the sorted levels; numeric group labels as R prints them.
library(survival); library(jsonlite)
nz <- function(x) if (is.na(x)) NULL else x
case <- function(name, d, group = NULL, conf.type = "log", times = NULL, weights = NULL, note = "") {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "data.csv"), row.names = FALSE)
  d <- read.csv(file.path(name, "data.csv"))
  f <- if (is.null(group)) as.formula("Surv(time, status) ~ 1") else
    as.formula(paste("Surv(time, status) ~", group))
  w <- if (is.null(weights)) NULL else d[[weights]]
  fit <- if (is.null(w)) survfit(f, data = d, conf.type = conf.type) else
    survfit(f, data = d, conf.type = conf.type, weights = w)
  labs <- if (is.null(group)) "all" else as.character(sort(unique(d[[group]])))
  st <- if (is.null(group)) rep(1, length(fit$time)) else rep(seq_along(fit$strata), fit$strata)
  tab <- summary(fit)$table
  if (is.null(dim(tab))) tab <- matrix(tab, nrow = 1, dimnames = list(NULL, names(tab)))
  lcl <- paste0(fit$conf.int, "LCL"); ucl <- paste0(fit$conf.int, "UCL")
  groups <- lapply(seq_along(labs), function(k) {
    i <- which(st == k)
    table <- lapply(i, function(j) list(time = fit$time[j], n_risk = fit$n.risk[j],
      n_event = fit$n.event[j], n_censor = fit$n.censor[j], survival = fit$surv[j],
      lower = nz(fit$lower[j]), upper = nz(fit$upper[j])))
    table <- lapply(table, function(r) { for (k2 in c("lower", "upper")) if (is.null(r[[k2]])) r[k2] <- list(NULL); r })
    at <- list()
    if (!is.null(times)) {
      sub <- if (is.null(group)) fit else fit[k]
      s <- summary(sub, times = times)
      at <- lapply(seq_along(s$time), function(j) {
        r <- list(time = s$time[j], survival = s$surv[j], lower = nz(s$lower[j]),
                  upper = nz(s$upper[j]), n_risk = s$n.risk[j])
        for (k2 in c("lower", "upper")) if (is.null(r[[k2]])) r[k2] <- list(NULL)
        r })
    }
    g <- list(group = labs[k], n = unname(tab[k, "records"]), events = unname(tab[k, "events"]),
              median = nz(unname(tab[k, "median"])), median_lower = nz(unname(tab[k, lcl])),
              median_upper = nz(unname(tab[k, ucl])), table = table, at = at)
    for (k2 in c("median", "median_lower", "median_upper")) if (is.null(g[[k2]])) g[k2] <- list(NULL)
    g })
  out <- list(groups = groups)
  if (is.null(group)) out["logrank"] <- list(NULL) else {
    sd <- survdiff(f, data = d)
    etmp <- if (is.matrix(sd$exp)) rowSums(sd$exp) else sd$exp
    df <- sum(etmp > 0) - 1
    out$logrank <- list(chisq = sd$chisq, df = df, p = pchisq(sd$chisq, df, lower.tail = FALSE))
  }
  args <- "km --data data.csv --time time --event status"
  if (!is.null(group)) args <- paste(args, "--group", group)
  if (conf.type != "log") args <- paste(args, "--conf-type", conf.type)
  if (!is.null(times)) args <- paste(args, "--times", paste(times, collapse = ","))
  if (!is.null(weights)) args <- paste(args, "--weights", weights)
  writeLines(paste(args, "--json"), file.path(name, "args"))
  write(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE), file.path(name, "golden.json"))
  file.copy("tol.json", file.path(name, "tol.json"), overwrite = TRUE)
}
# aml: small, tied times, median limits not reached
a <- data.frame(time = aml$time, status = aml$status, x = as.character(aml$x))
case("aml_km_x", a, "x", times = c(10, 20, 40, 100))
# ovarian with log-log limits (NA where S = 1)
o <- data.frame(time = ovarian$futime, status = ovarian$fustat, rx = ovarian$rx)
case("ovarian_km_rx_loglog", o, "rx", conf.type = "log-log", times = c(200, 500, 1000))
# colon (death records) with plain limits, three arms
cl <- subset(colon, etype == 2)
c2 <- data.frame(time = cl$time, status = cl$status, rx = as.character(cl$rx))
case("colon_km_rx_plain", c2, "rx", conf.type = "plain", times = c(365, 1000, 2000, 3000))
# one curve, no group: logrank null
v <- data.frame(time = veteran$time, status = veteran$status)
case("veteran_km_all", v, times = c(30, 90, 180, 365))
# near-equal times (differences ~1e-9, survfit merges them via aeqSurv)
set.seed(11)
tt <- sample(1:40, 60, replace = TRUE)
nt <- data.frame(time = tt + ifelse(runif(60) < 0.4, 1e-9 * sample(1:5, 60, replace = TRUE), 0),
                 status = rbinom(60, 1, 0.7), g = rep(c("a", "b"), 30))
case("neartied_km_timefix", nt, "g", times = c(10, 20))
# case weights: integer (Greenwood on weighted counts) and fractional (robust IJ variance)
set.seed(5)
lw <- data.frame(time = lung$time, status = lung$status - 1, sex = lung$sex,
                 wi = sample(1:3, nrow(lung), replace = TRUE), wf = round(runif(nrow(lung), 0.5, 2), 3))
case("lung_km_sex_intweights", lw, "sex", times = c(180, 365), weights = "wi")
case("lung_km_sex_fracweights", lw, "sex", times = c(180, 365), weights = "wf")
