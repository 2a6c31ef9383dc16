# Golden cases for `prognos benefit --method iptw` (run from this folder:
# Rscript make.R).
#
# Data as tests/golden/benefit (survival::colon, death records, Lev+5FU vs
# observation, risk = node4 high/low). WeightIt is not installed: weights
# are computed by hand from glm() inside each risk group, as
# WeightIt::get_w_from_ps() / trim() define them (see
# ../iptw/README.md). Per risk group: before = survdiff p and coxph HR on
# all rows; after = coxph(Surv(time, status) ~ chemo, weights = w,
# robust = TRUE): HR with its robust 95% interval, robust Wald p, naive and
# robust SE, effective sample sizes; no weighted log-rank (null).
# Interaction: coxph(Surv(time, status) ~ chemo * risk), unweighted.
suppressPackageStartupMessages({library(survival); library(jsonlite)})

iptw_w <- function(ps, tr, estimand, stabilize, trim) {
  w <- if (estimand == "ATE") ifelse(tr == 1, 1 / ps, 1 / (1 - ps)) else ifelse(tr == 1, 1, ps / (1 - ps))
  if (stabilize) w <- w * ifelse(tr == 1, mean(tr == 1), mean(tr == 0))
  if (!is.null(trim)) {
    same <- tapply(w, tr, function(x) all(x == x[1]))
    tt <- !(as.character(tr) %in% names(same)[same])
    q <- quantile(w[tt], trim, type = 3, names = FALSE)
    w[tt & w > q] <- q
  }
  w
}
ess <- function(w) sum(w)^2 / sum(w^2)

d0 <- colon[colon$etype == 2 & colon$rx != "Lev", ]
d <- data.frame(time = d0$time, status = d0$status,
                chemo = as.integer(d0$rx == "Lev+5FU"),
                risk = ifelse(d0$node4 == 1, "high", "low"),
                age = d0$age, sex = d0$sex, obstruct = d0$obstruct, perfor = d0$perfor,
                adhere = d0$adhere, extent = d0$extent, surg = d0$surg, differ = d0$differ)

before <- function(dd) {
  lr <- survdiff(Surv(time, status) ~ chemo, data = dd)
  fit <- coxph(Surv(time, status) ~ chemo, data = dd)
  ci <- summary(fit)$conf.int
  list(n_treated = sum(dd$chemo == 1), n_control = sum(dd$chemo == 0),
       logrank_p = pchisq(lr$chisq, 1, lower.tail = FALSE),
       hr = unname(ci[1, 1]), hr_lower = unname(ci[1, 3]), hr_upper = unname(ci[1, 4]),
       se = unname(sqrt(fit$var[1, 1])))
}
after <- function(dd, w) {
  dd$.w <- w
  fit <- coxph(Surv(time, status) ~ chemo, data = dd, weights = .w, robust = TRUE)
  s <- summary(fit)
  list(n_treated = sum(dd$chemo == 1), n_control = sum(dd$chemo == 0), logrank_p = NA,
       hr = unname(s$conf.int[1, 1]), hr_lower = unname(s$conf.int[1, 3]), hr_upper = unname(s$conf.int[1, 4]),
       hr_p = unname(s$coefficients[1, "Pr(>|z|)"]),
       se = unname(sqrt(fit$naive.var[1, 1])), se_robust = unname(sqrt(fit$var[1, 1])),
       ess_treated = ess(w[dd$chemo == 1]), ess_control = ess(w[dd$chemo == 0]))
}

make_case <- function(name, match_on, factors = character(), estimand = "ATT", stabilize = FALSE, trim = NULL) {
  dir.create(name, showWarnings = FALSE)
  write.csv(d, file.path(name, "colon_chemo.csv"), row.names = FALSE, na = "NA", quote = FALSE)
  dd <- read.csv(file.path(name, "colon_chemo.csv"))
  used <- c("time", "status", "chemo", "risk", match_on)
  cc <- dd[complete.cases(dd[, used]), ]
  for (f in factors) cc[[f]] <- factor(cc[[f]])
  form <- reformulate(match_on, response = "chemo")
  groups <- lapply(sort(unique(cc$risk)), function(g) {
    gd <- cc[cc$risk == g, ]
    ps <- glm(form, data = gd, family = binomial)$fitted.values
    w <- iptw_w(ps, gd$chemo, estimand, stabilize, trim)
    list(risk_group = g, before = before(gd), after = after(gd, w))
  })
  cc$risk <- factor(cc$risk)
  fi <- coxph(Surv(time, status) ~ chemo * risk, data = cc)
  s <- summary(fi)$coefficients
  g <- list(method = "iptw", estimand = estimand, n = nrow(cc), n_dropped = nrow(dd) - nrow(cc),
            groups = groups,
            interaction = list(coef = unname(s["chemo:risklow", "coef"]),
                               p = unname(s["chemo:risklow", "Pr(>|z|)"])))
  write_json(g, file.path(name, "golden.json"), auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE,
             always_decimal = TRUE)
  args <- paste("benefit --data colon_chemo.csv --time time --event status --treatment chemo",
                "--risk-group risk --match-on", paste(match_on, collapse = ","),
                if (length(factors)) paste("--factors", paste(factors, collapse = ",")) else "",
                "--method iptw --estimand", estimand, if (stabilize) "--stabilize" else "",
                if (!is.null(trim)) paste("--trim", trim) else "", "--json")
  writeLines(gsub(" +", " ", args), file.path(name, "args"))
  tol <- list(default = list(abs = 1e-8, rel = 1e-6), keys = list(), match_by = list(groups = "risk_group"))
  write_json(tol, file.path(name, "tol.json"), auto_unbox = TRUE, pretty = TRUE)
}

make_case("colon_node4_att", c("age", "sex", "obstruct", "perfor", "adhere", "extent", "surg", "differ"))
make_case("colon_node4_ate_stabilized_trim95", c("age", "sex", "obstruct", "adhere", "extent", "surg"),
          factors = "extent", estimand = "ATE", stabilize = TRUE, trim = 0.95)
cat("versions:", R.version.string, "survival", as.character(packageVersion("survival")), "\n")
