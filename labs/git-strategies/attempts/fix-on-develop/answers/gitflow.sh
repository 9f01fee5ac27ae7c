git flow init
git flow feature start login
work login
git flow feature finish login
git flow feature start search
work search
git flow feature finish search
git flow feature start price-fix
work price-fix
git flow feature finish price-fix
git flow feature start reviews
work reviews
git flow feature finish reviews
@Thu 16:00
git flow release start 1.1.0
git flow release finish 1.1.0
