# Regenerates the `cox-screen` goldens. Run from this folder: Rscript make.R
# R 4.2.2, survival 3.5.3. Complete cases over all listed covariates first
# (n_dropped), then one coxph per covariate (a factor as one model with all
# its dummies; Wald p per coefficient), then coxph on the covariates with any
# p < threshold, in the order given.
suppressMessages({library(survival); library(jsonlite)})
source("../cox/cox_json.R")

screen_case <- function(name, d, covs, factors = list(), thr = 0.05, extra = "") {
  n0 <- nrow(d)
  cc <- d[complete.cases(d[, c("time", "status", covs)]), ]
  for (f in names(factors)) cc[[f]] <- relevel(factor(cc[[f]]), factors[[f]])
  rename <- function(nm) {
    for (f in names(factors)) nm <- sub(paste0("^", f, "(.*)$"), paste0(f, "[\\1]"), nm)
    nm
  }
  uni <- list(); sel <- c()
  for (v in covs) {
    fit <- coxph(as.formula(paste("Surv(time, status) ~", v)), cc)
    s <- summary(fit, conf.int = 0.95)
    for (i in seq_along(coef(fit))) {
      uni[[length(uni) + 1]] <- list(term = rename(names(coef(fit))[i]), coef = unname(coef(fit)[i]),
        hr = s$conf.int[i, 1], hr_lower = s$conf.int[i, 3], hr_upper = s$conf.int[i, 4],
        p = s$coefficients[i, 5])
    }
    if (any(s$coefficients[, 5] < thr)) sel <- c(sel, v)
  }
  mf <- coxph(as.formula(paste("Surv(time, status) ~", paste(sel, collapse = "+"))), cc)
  mj <- cox_json(mf, n0 - nrow(cc))
  for (i in seq_along(mj$coefficients)) mj$coefficients[[i]]$term <- rename(mj$coefficients[[i]]$term)
  g <- list(univariate = uni, selected = I(sel), multivariate = mj)
  tol <- cox_tol()
  names(tol$keys) <- paste0("multivariate.", names(tol$keys))
  tol$keys[["univariate[].coef"]] <- list(abs = 1e-9, rel = 1e-6)
  tol$keys[["univariate[].hr"]] <- list(abs = 1e-9, rel = 1e-6)
  tol$keys[["univariate[].hr_lower"]] <- list(abs = 1e-9, rel = 1e-6)
  tol$keys[["univariate[].hr_upper"]] <- list(abs = 1e-9, rel = 1e-6)
  tol$keys[["univariate[].p"]] <- list(abs = 1e-6, rel = 1e-4)
  tol$match_by <- list("multivariate.coefficients" = "term", univariate = "term")
  fl <- if (length(factors)) paste0(" --factors ", paste0(names(factors), ":", unlist(factors), collapse = ",")) else ""
  write_case(name, d, paste0("cox-screen --data data.csv --time time --event status --covariates ",
                             paste(covs, collapse = ","), fl, extra, " --json"), g, tol)
}

l <- survival::lung; l$status <- l$status - 1
d <- write_data("lung_all", l)
screen_case("lung_all", d, c("age", "sex", "ph.ecog", "ph.karno", "pat.karno", "meal.cal", "wt.loss"))

d <- write_data("veteran_factor", survival::veteran)
screen_case("veteran_factor", d, c("trt", "celltype", "karno", "diagtime", "age", "prior"),
            factors = list(celltype = "squamous"))
