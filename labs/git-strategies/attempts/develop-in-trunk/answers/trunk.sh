git switch -c develop
work login
work search
work price-fix
work reviews
git switch main
git merge develop
