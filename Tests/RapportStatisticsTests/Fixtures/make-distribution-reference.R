# Reference values for Rapport's distribution functions, from R's own pf/qf/pnorm/qnorm/
# pt/qt/pchisq/qchisq/pbeta.  Run from the repository root:
#   Rscript Tests/RapportStatisticsTests/Fixtures/make-distribution-reference.R
# Writes Tests/RapportStatisticsTests/Fixtures/distributions.json (17 significant digits, via json17.R).
source("Tests/RapportStatisticsTests/Fixtures/json17.R")
out <- "Tests/RapportStatisticsTests/Fixtures/distributions.json"
ps <- c(1e-12, 1e-6, 0.001, 0.005, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.975, 0.995, 0.999, 1 - 1e-6)

# F: the df range Feldt CIs use (n-1, (n-1)(k-1)) for n up to 1e7 rows and k up to 40 items,
# plus the small df of ICC F tests.
fdf <- list(c(1, 1), c(1, 10), c(2, 3), c(3, 12), c(5, 2), c(9, 9), c(19, 57), c(30, 1e3),
            c(99, 792), c(499, 3493), c(2799, 11196), c(9999, 1e5), c(1e5 - 1, 3.9e6),
            c(1e6 - 1, 1.1e7), c(1e7 - 1, 1.1e8), c(0.5, 4.5), c(7.5, 100.5))
f <- list()
for (d in fdf) for (p in ps[-1]) {
  q <- qf(p, d[1], d[2])
  f[[length(f) + 1]] <- list(df1 = d[1], df2 = d[2], p = p, q = q,
                             lower = pf(q, d[1], d[2]), upper = pf(q, d[1], d[2], lower.tail = FALSE),
                             x = 1.3, cdfAt13 = pf(1.3, d[1], d[2]))
}
nrm <- lapply(c(1e-300, 1e-100, 1e-20, ps, 1 - 1e-12), function(p) list(p = p, q = qnorm(p)))
nx <- lapply(c(-37, -20, -8, -3, -1.959963984540054, -0.5, 0, 0.3, 1, 2.5, 6, 8.2),
             function(x) list(x = x, lower = pnorm(x), upper = pnorm(x, lower.tail = FALSE)))
tdf <- c(1, 2, 3, 5, 10, 29, 100, 1000, 1e5)
tt <- list()
for (d in tdf) for (p in ps) {
  tt[[length(tt) + 1]] <- list(df = d, p = p, q = qt(p, d), cdfAt2 = pt(2, d), cdfAtM05 = pt(-0.5, d))
}
cdf <- c(1, 2, 3, 4, 5, 8, 12, 24, 40, 100, 1000)
ch <- list()
for (d in cdf) for (p in ps) {
  q <- qchisq(p, d)
  ch[[length(ch) + 1]] <- list(df = d, p = p, q = q, lower = pchisq(q, d),
                               upper = pchisq(q, d, lower.tail = FALSE),
                               cdfAt7 = pchisq(7, d))
}
be <- list()
for (ab in list(c(0.5, 0.5), c(1, 3), c(2.5, 7), c(10, 10), c(50, 0.5), c(400, 1200), c(1e4, 3e4)))
  for (x in c(1e-4, 0.01, 0.2, 0.25, 0.5, 0.75, 0.99)) {
    be[[length(be) + 1]] <- list(a = ab[1], b = ab[2], x = x, lower = pbeta(x, ab[1], ab[2]),
                                 upper = pbeta(x, ab[1], ab[2], lower.tail = FALSE))
  }
res <- list(generator = "make-distribution-reference.R", r = R.version.string,
            f = f, normalQuantile = nrm, normalCdf = nx, t = tt, chisq = ch, beta = be)
write17(res, out)
