# Regenerates the `predict` goldens. Run from this folder: Rscript make.R
# R 4.2.2, survival 3.5.3. Each case holds `model.json`, a Cox model in
# prognos' saved-model format written here from R's own fit (coef, fit$means,
# baseline cumulative hazard of survfit(fit) at the means, Efron/Breslow as
# the fit), and `new.csv`, another cohort. Goldens: lp = predict(fit, newdata,
# type = "lp", reference = "sample") (centred on the training means),
# risk = exp(lp), survival_at = summary(survfit(fit, newdata = row), times)$surv.
# Rows with a missing covariate are dropped (n_dropped); `row` is the 0-based
# data row.
suppressMessages({library(survival); library(jsonlite)})

model_json <- function(f, terms, strata = NULL) {
  sf <- survfit(f)
  b <- coef(f)
  if (is.null(sf$strata)) {
    base <- list(list(stratum = "all", time = sf$time, cumhaz = sf$cumhaz))
  } else {
    k <- rep(seq_along(sf$strata), sf$strata)
    base <- lapply(seq_along(sf$strata), function(s) list(
      stratum = sub("^.*=", "", names(sf$strata)[s]), time = sf$time[k == s], cumhaz = sf$cumhaz[k == s]))
  }
  list(format = "prognos-cox-model", version = 1, terms = terms, columns = names(b),
       coef = unname(b), means = unname(f$means), ties = f$method, strata = strata, baseline = base)
}

case <- function(name, train, new, formula, terms, args, times, strata = NULL, ties = "efron", cols) {
  dir.create(name, showWarnings = FALSE)
  f <- coxph(formula, train, ties = ties, model = TRUE, x = TRUE)
  m <- model_json(f, terms, strata)
  # R orders factor dummies by its level order; prognos by sorted level.
  rn <- names(coef(f))
  for (t in terms) if (t$kind == "factor") rn <- sub(paste0("^", t$name, "(.*)$"), paste0(t$name, "[\\1]"), rn)
  o <- match(cols, rn)
  m$columns <- cols; m$coef <- m$coef[o]; m$means <- m$means[o]
  write_json(m, file.path(name, "model.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE, null = "null")
  write.csv(new, file.path(name, "new.csv"), row.names = FALSE, quote = FALSE, na = "NA")
  nd <- read.csv(file.path(name, "new.csv"))
  used <- c(sapply(terms, function(t) t$name), strata)
  keep <- which(complete.cases(nd[, used, drop = FALSE]))
  for (t in terms) if (t$kind == "factor") nd[[t$name]] <- factor(nd[[t$name]], levels = c(t$reference, t$levels))
  lp <- predict(f, nd[keep, ], type = "lp", reference = "sample")
  rows <- lapply(seq_along(keep), function(k) {
    s <- summary(survfit(f, newdata = nd[keep[k], , drop = FALSE]), times = times, extend = TRUE)$surv
    list(row = keep[k] - 1, lp = unname(lp[k]), risk = exp(unname(lp[k])), survival_at = as.vector(s))
  })
  write_json(list(rows = rows, n = length(keep), n_dropped = nrow(nd) - length(keep)),
             file.path(name, "golden.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
  writeLines(paste("predict --model model.json --data new.csv --times", paste(times, collapse = ","), "--json"),
             file.path(name, "args"))
  write_json(list(rule = "As shared/reference/README.md.", default = list(abs = 1e-9, rel = 1e-7)),
             file.path(name, "tol.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
}

num <- function(n) list(name = n, kind = "numeric", reference = NULL, levels = list())

l <- survival::lung; l$status <- l$status - 1
set.seed(7); nl <- l[sample(nrow(l), 12), c("age", "sex", "ph.ecog")]; nl$ph.ecog[3] <- NA
nl$age <- nl$age + 0.5
case("lung_efron", l, nl, Surv(time, status) ~ age + sex + ph.ecog,
     list(num("age"), num("sex"), num("ph.ecog")), times = c(100, 365, 700, 2000),
     cols = c("age", "sex", "ph.ecog"))

v <- survival::veteran
v$celltype <- relevel(factor(v$celltype), "squamous")
set.seed(8); nv <- v[sample(nrow(v), 10), c("celltype", "karno", "age")]
nv$celltype <- as.character(nv$celltype)
case("veteran_factor_breslow", v, nv, Surv(time, status) ~ celltype + karno + age,
     list(list(name = "celltype", kind = "factor", reference = "squamous", levels = c("adeno", "large", "smallcell")),
          num("karno"), num("age")), times = c(30, 90, 365), ties = "breslow",
     cols = c("celltype[adeno]", "celltype[large]", "celltype[smallcell]", "karno", "age"))

v <- survival::veteran
set.seed(9); nv <- v[sample(nrow(v), 10), c("trt", "karno", "celltype")]
case("veteran_strata", v, nv, Surv(time, status) ~ trt + karno + strata(celltype),
     list(num("trt"), num("karno")), times = c(30, 90, 365), strata = "celltype", cols = c("trt", "karno"))
