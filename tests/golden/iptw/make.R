# Golden cases for `prognos iptw` (run from this folder: Rscript make.R).
#
# WeightIt and cobalt are not installed here, so the weights are computed
# by hand from glm(), exactly as WeightIt::get_w_from_ps() and
# WeightIt::trim() define them (see README.md):
#   ATE: 1/e (treated), 1/(1-e) (controls); ATT: 1, e/(1-e);
#   stabilize: every weight times the share of its own treatment group;
#   trim(at = q): weights above quantile(w[varying groups], q, type = 3)
#   set to that quantile; groups whose weights are all equal are skipped.
# Balance: MatchIt's summary.matchit() on a matchit(method = NULL) object
# whose weights are replaced by the IPTW weights (so MatchIt's own bal1var
# gives the weighted means, SMD with treated SD (ATT) or pooled SD (ATE) of
# the unweighted sample, variance ratio and eCDF statistics).
# Outcome: survfit(Surv(time, status) ~ treat, weights = w) and
# coxph(Surv(time, status) ~ treat, weights = w, robust = TRUE).
suppressPackageStartupMessages({library(MatchIt); library(survival); library(jsonlite)})

iptw_w <- function(ps, tr, estimand, stabilize, trim) {
  w <- if (estimand == "ATE") ifelse(tr == 1, 1 / ps, 1 / (1 - ps)) else ifelse(tr == 1, 1, ps / (1 - ps))
  if (stabilize) w <- w * ifelse(tr == 1, mean(tr == 1), mean(tr == 0))
  ntrim <- 0; lim <- NULL
  if (!is.null(trim)) {
    same <- tapply(w, tr, function(x) all(x == x[1]))
    tt <- !(as.character(tr) %in% names(same)[same])
    q <- quantile(w[tt], trim, type = 3, names = FALSE)
    ntrim <- sum(tt & w > q)
    w[tt & w > q] <- q
    lim <- list(lower = NULL, upper = q)
  }
  list(w = w, ntrim = ntrim, lim = lim)
}

ess <- function(w) sum(w)^2 / sum(w^2)
grp <- function(name, w) list(group = name, n = length(w), min = min(w), mean = mean(w), max = max(w),
                              sum = sum(w), ess = ess(w))

bal_rows <- function(form, d, w, estimand, factors) {
  m <- matchit(form, data = d, method = NULL, distance = "glm", estimand = estimand)
  m$weights <- w
  m$info$method <- "weighting"   # so summary() also computes the weighted table
  s <- summary(m, pair.dist = FALSE)
  a <- s$sum.all; b <- s$sum.matched
  rows <- lapply(rownames(a)[-1], function(v) {
    vr <- function(x) if (is.na(x)) NULL else x
    nm <- v
    for (f in factors) nm <- sub(paste0("^", f, "(.+)$"), paste0(f, "[\\1]"), nm)
    list(covariate = nm,
         mean_treated_before = a[v, 1], mean_control_before = a[v, 2], smd_before = a[v, 3],
         mean_treated_after = b[v, 1], mean_control_after = b[v, 2], smd_after = b[v, 3],
         var_ratio_after = if (is.na(b[v, 4])) NA else b[v, 4],
         ecdf_mean_after = b[v, 5], ecdf_max_after = b[v, 6])
  })
  rows
}

km_json <- function(sf, labels) {
  out <- list()
  st <- if (is.null(sf$strata)) rep(1, length(sf$time)) else rep(seq_along(sf$strata), sf$strata)
  # the SE of S(t) as summary.survfit reports it: for the IJ (robust) variance of
  # weighted curves it is not sf$surv * sf$std.err (sf$std.err is the SE of the
  # cumulative hazard there); censored = TRUE keeps one row per sf$time
  se_surv <- summary(sf, censored = TRUE)$std.err
  stopifnot(length(se_surv) == length(sf$time))
  for (k in seq_along(labels)) {
    i <- which(st == k)
    out[[k]] <- list(group = labels[k], n = sf$n[k],
      table = lapply(i, function(j) list(time = sf$time[j], n_risk = sf$n.risk[j], n_event = sf$n.event[j],
                                         n_censor = sf$n.censor[j], survival = sf$surv[j],
                                         std_err = se_surv[j],
                                         lower = sf$lower[j], upper = sf$upper[j])))
  }
  out
}

make_case <- function(name, file, d, treat, covs, factors = character(), estimand = "ATE",
                      stabilize = FALSE, trim = NULL, time = NULL, event = NULL) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, file), row.names = FALSE, na = "NA", quote = FALSE)
  dd <- read.csv(file.path(name, file))
  used <- c(treat, covs, time, event)
  cc <- dd[complete.cases(dd[, used]), ]
  for (f in factors) cc[[f]] <- factor(cc[[f]])
  form <- reformulate(covs, response = treat)
  ps <- glm(form, data = cc, family = binomial)$fitted.values
  tr <- cc[[treat]]
  ww <- iptw_w(ps, tr, estimand, stabilize, trim)
  w <- ww$w
  g <- list(n = nrow(cc), n_dropped = nrow(dd) - nrow(cc), n_treated = sum(tr == 1), n_control = sum(tr == 0),
            estimand = estimand, n_trimmed = ww$ntrim,
            ess_treated = ess(w[tr == 1]), ess_control = ess(w[tr == 0]),
            weights = list(grp("treated", w[tr == 1]), grp("control", w[tr == 0])),
            balance = bal_rows(form, cc, w, estimand, factors))
  if (!is.null(trim)) g$trim_limits <- list(upper = ww$lim$upper)
  args <- paste("iptw --data", file, "--treatment", treat, "--covariates", paste(covs, collapse = ","),
                if (length(factors)) paste("--factors", paste(factors, collapse = ",")) else "",
                "--estimand", estimand, if (stabilize) "--stabilize" else "",
                if (!is.null(trim)) paste("--trim", trim) else "")
  if (!is.null(time)) {
    cc$.w <- w
    f <- as.formula(sprintf("Surv(%s, %s) ~ %s", time, event, treat))
    fit <- coxph(f, data = cc, weights = .w, robust = TRUE)
    s <- summary(fit)
    g$cox <- list(coef = unname(coef(fit)), se = unname(sqrt(fit$naive.var[1, 1])),
                  robust_se = unname(sqrt(fit$var[1, 1])), hr = unname(s$conf.int[1, 1]),
                  hr_lower = unname(s$conf.int[1, 3]), hr_upper = unname(s$conf.int[1, 4]),
                  z = unname(s$coefficients[1, "z"]), p = unname(s$coefficients[1, "Pr(>|z|)"]),
                  n = fit$n, events = fit$nevent)
    sf <- survfit(f, data = cc, weights = .w)
    g$km <- km_json(sf, c("control", "treated"))
    args <- paste(args, "--time", time, "--event", event)
  }
  write_json(g, file.path(name, "golden.json"), auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE,
             always_decimal = TRUE)
  writeLines(gsub(" +", " ", paste(args, "--json")), file.path(name, "args"))
  tol <- list(default = list(abs = 1e-8, rel = 1e-6), keys = list(),
              match_by = list(balance = "covariate", weights = "group", km = "group"),
              skip = list())
  write_json(tol, file.path(name, "tol.json"), auto_unbox = TRUE, pretty = TRUE)
}

data("lalonde", package = "MatchIt")
lal <- lalonde
lal$race <- as.character(lal$race)
lcovs <- c("age", "educ", "race", "married", "nodegree", "re74", "re75")
make_case("lalonde_ate", "lalonde.csv", lal, "treat", lcovs, "race", "ATE")
make_case("lalonde_att_stabilized_trim95", "lalonde.csv", lal, "treat", lcovs, "race", "ATT",
          stabilize = TRUE, trim = 0.95)

d0 <- colon[colon$etype == 2 & colon$rx != "Lev", ]
col <- data.frame(time = d0$time, status = d0$status, chemo = as.integer(d0$rx == "Lev+5FU"),
                  age = d0$age, sex = d0$sex, obstruct = d0$obstruct, perfor = d0$perfor,
                  adhere = d0$adhere, nodes = d0$nodes, extent = d0$extent, surg = d0$surg, differ = d0$differ)
ccovs <- c("age", "sex", "obstruct", "adhere", "nodes", "extent", "surg", "differ")
make_case("colon_ate_outcome", "colon_chemo.csv", col, "chemo", ccovs, "extent", "ATE",
          time = "time", event = "status")
make_case("colon_ate_stabilized_trim99_outcome", "colon_chemo.csv", col, "chemo", ccovs, character(), "ATE",
          stabilize = TRUE, trim = 0.99, time = "time", event = "status")
make_case("colon_att_outcome", "colon_chemo.csv", col, "chemo", ccovs, character(), "ATT",
          time = "time", event = "status")
cat("versions:", R.version.string, "MatchIt", as.character(packageVersion("MatchIt")),
    "survival", as.character(packageVersion("survival")), "\n")
