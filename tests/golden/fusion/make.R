# Goldens for `prognos classify --blocks ... --model fusion-logistic`:
# early fusion of an image-embedding block, a radiomics block and a clinical
# block (age; sex and smoking one-hot encoded by model.matrix with
# treatment contrasts, levels as factor() sorts them) over given fold ids.
# In each fold every design column is z-scored with the training rows'
# mean and sd (scale()), the logistic regression is fitted on the training
# rows (lambda = 0: glm(family = binomial) at epsilon 1e-14; lambda > 0:
# Newton's method on glmnet's objective -loglik/n + lambda/2 |beta|^2,
# intercept unpenalised, written out below) and predicts the held-out fold.
# AUCs: pROC roc(levels = c(0, 1), direction = "<") on the pooled
# out-of-fold probabilities, ci.auc(method = "delong"), roc.test(paired,
# delong) of each model against the best one and of the fusion against the
# best single block. The final model is refitted on all rows and predicts
# test.csv. Run from this folder: Rscript make.R
suppressMessages({library(jsonlite); library(pROC)})
set.seed(20261123)
sim <- function(n) {
  emb <- matrix(rnorm(n * 4), n, 4, dimnames = list(NULL, paste0("emb_", 1:4)))
  rad <- matrix(rnorm(n * 3), n, 3, dimnames = list(NULL, paste0("rad_", 1:3)))
  age <- round(rnorm(n, 62, 9), 1)
  sex <- sample(c("F", "M"), n, TRUE)
  smoking <- sample(c("never", "former", "current"), n, TRUE, prob = c(0.45, 0.3, 0.25))
  eta <- -0.6 + 0.9 * emb[, 1] - 0.6 * emb[, 2] + 0.35 * rad[, 1] + 0.05 * (age - 62) +
    0.7 * (sex == "M") + 0.9 * (smoking == "current") + 0.3 * (smoking == "former")
  y <- rbinom(n, 1, plogis(eta))
  d <- data.frame(id = sprintf("P%03d", seq_len(n)), y = y, round(emb, 6), round(rad, 6),
                  age = age, sex = sex, smoking = smoking)
  d
}
train <- sim(160)
test <- sim(80)
# stratified fold ids 1..5
train$fold <- 0L
for (cl in 0:1) {
  idx <- which(train$y == cl)
  train$fold[idx] <- sample(rep(1:5, length.out = length(idx)))
}
blocks <- list(image = paste0("emb_", 1:4), radiomics = paste0("rad_", 1:3),
               clinical = c("age", "sex[M]", "smoking[former]", "smoking[never]"))
lv <- list(sex = sort(unique(train$sex)), smoking = sort(unique(train$smoking)))
design <- function(d) {
  d$sex <- factor(d$sex, levels = lv$sex)
  d$smoking <- factor(d$smoking, levels = lv$smoking)
  X <- model.matrix(~ emb_1 + emb_2 + emb_3 + emb_4 + rad_1 + rad_2 + rad_3 + age + sex + smoking, d)[, -1]
  colnames(X) <- c(paste0("emb_", 1:4), paste0("rad_", 1:3), "age",
                   paste0("sex[", lv$sex[-1], "]"), paste0("smoking[", lv$smoking[-1], "]"))
  X
}
X <- design(train); Xt <- design(test)
stopifnot(identical(unlist(blocks, use.names = FALSE), colnames(X)))

ridge_newton <- function(X, y, lambda) {
  X1 <- cbind(1, X); n <- nrow(X1); p <- ncol(X1)
  b <- c(log(mean(y) / (1 - mean(y))), rep(0, p - 1))
  P <- diag(c(0, rep(1, p - 1)))
  for (it in 1:200) {
    mu <- plogis(drop(X1 %*% b))
    g <- crossprod(X1, y - mu) / n - lambda * P %*% b
    H <- crossprod(X1, X1 * (mu * (1 - mu))) / n + lambda * P
    step <- solve(H, g)
    b <- b + drop(step)
    if (max(abs(step)) < 1e-14) break
  }
  b
}
fit_predict <- function(Xtr, ytr, Xte, lambda) {
  m <- colMeans(Xtr); s <- apply(Xtr, 2, sd)
  Ztr <- scale(Xtr, m, s); Zte <- scale(Xte, m, s)
  if (lambda == 0) {
    df <- data.frame(y = ytr, Ztr, check.names = FALSE)
    names(df) <- c("y", paste0("v", seq_len(ncol(Ztr))))
    fit <- glm(y ~ ., binomial, df, control = glm.control(epsilon = 1e-14, maxit = 100))
    b <- coef(fit)
  } else {
    b <- ridge_newton(Ztr, ytr, lambda)
  }
  list(p = plogis(drop(cbind(1, Zte) %*% b)), coef = unname(b))
}
perf <- function(p, y) {
  r <- roc(y, p, levels = c(0, 1), direction = "<", quiet = TRUE)
  ci <- ci.auc(r, method = "delong")
  list(n = length(y), n_pos = sum(y), auc = as.numeric(r$auc), auc_lower = ci[1], auc_upper = ci[3],
       constant_predictions = FALSE,
       accuracy = mean((p >= 0.5) == (y == 1)), sensitivity = mean(p[y == 1] >= 0.5),
       specificity = mean(p[y == 0] < 0.5))
}
cv_model <- function(cols, lambda) {
  oof <- numeric(nrow(X))
  for (f in 1:5) {
    tr <- train$fold != f
    oof[!tr] <- fit_predict(X[tr, cols, drop = FALSE], train$y[tr], X[!tr, cols, drop = FALSE], lambda)$p
  }
  fa <- sapply(1:5, function(f) as.numeric(auc(roc(train$y[train$fold == f], oof[train$fold == f],
                                                     levels = c(0, 1), direction = "<", quiet = TRUE))))
  list(oof = oof, perf = perf(oof, train$y), fold_auc = fa, mean_fold_auc = mean(fa))
}
make_case <- function(case, lambda) {
  dir.create(case, showWarnings = FALSE)
  write.csv(train, file.path(case, "data.csv"), row.names = FALSE, quote = FALSE)
  write.csv(test, file.path(case, "test.csv"), row.names = FALSE, quote = FALSE)
  fus <- cv_model(colnames(X), lambda)
  blk <- lapply(blocks, cv_model, lambda = lambda)
  models <- c(list(`fusion-logistic` = fus), setNames(blk, paste0("block:", names(blk))))
  aucs <- sapply(models, function(m) m$perf$auc)
  best <- which.max(aucs)
  roc_of <- function(m) roc(train$y, m$oof, levels = c(0, 1), direction = "<", quiet = TRUE)
  mj <- lapply(seq_along(models), function(k) {
    m <- models[[k]]
    t <- if (k == best) NULL else {
      rt <- roc.test(roc_of(m), roc_of(models[[best]]), method = "delong", paired = TRUE)
      list(z = unname(rt$statistic), p = rt$p.value)
    }
    list(model = names(models)[k], auc = m$perf$auc, auc_lower = m$perf$auc_lower,
         auc_upper = m$perf$auc_upper, constant_predictions = FALSE, delong_vs_best = t,
         accuracy = m$perf$accuracy, sensitivity = m$perf$sensitivity,
         specificity = m$perf$specificity, fold_auc = m$fold_auc)
  })
  bb <- which.max(sapply(blk, function(m) m$perf$auc))
  rt <- roc.test(roc_of(fus), roc_of(blk[[bb]]), method = "delong", paired = TRUE)
  final <- fit_predict(X, train$y, Xt, lambda)
  coefs <- c(list(list(term = "(Intercept)", block = NULL, estimate = final$coef[1])),
             lapply(seq_len(ncol(X)), function(j) list(term = colnames(X)[j],
               block = names(blocks)[sapply(blocks, function(b) colnames(X)[j] %in% b)],
               estimate = final$coef[j + 1])))
  out <- list(
    n = nrow(X), n_pos = sum(train$y), n_neg = sum(1 - train$y), folds = 5,
    features = colnames(X), models = mj, best = names(models)[best],
    oof = setNames(lapply(models, function(m) m$oof), names(models)),
    fusion = list(
      model = "fusion-logistic", lambda = lambda, fold = train$fold,
      blocks = lapply(names(blocks), function(b) list(block = b, columns = blocks[[b]])),
      cv = list(performance = fus$perf, fold_auc = fus$fold_auc, mean_fold_auc = fus$mean_fold_auc),
      block_cv = lapply(names(blk), function(b) list(block = b, performance = blk[[b]]$perf,
        fold_auc = blk[[b]]$fold_auc, mean_fold_auc = blk[[b]]$mean_fold_auc)),
      best_block = names(blk)[bb],
      vs_best_block = list(block = names(blk)[bb], auc_fusion = fus$perf$auc,
                           auc_block = blk[[bb]]$perf$auc, z = unname(rt$statistic), p = rt$p.value),
      coefficients = coefs,
      test = list(n = nrow(Xt), n_dropped_rows = 0, performance = perf(final$p, test$y),
                  rows = seq_len(nrow(Xt)) - 1, predictions = final$p)))
  write_json(out, file.path(case, "golden.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE,
             null = "null")
  writeLines(sprintf(paste("classify --data data.csv --label y",
    "--blocks 'image=emb_*;radiomics=rad_*;clinical=age,sex,smoking'",
    "--model fusion-logistic --lambda %s --foldid fold --test test.csv --oof --json"), lambda),
    file.path(case, "args"))
  write_json(list(default = list(abs = 1e-10, rel = 1e-8)), file.path(case, "tol.json"),
             auto_unbox = TRUE, pretty = TRUE)
}
make_case("logistic_glm", 0)
make_case("logistic_ridge", 0.05)
writeLines(c(R.version.string, paste("pROC", packageVersion("pROC")),
             paste("jsonlite", packageVersion("jsonlite"))), "versions.txt")
