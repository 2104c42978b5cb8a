# Новости группы для её руководителя: раз в день, в 18:00.

classnews-today = за день
classnews-on = за { $day }
classnews-one = 📰 Группа «{ $group }» { $when }: { $what }.
classnews-many = 📰 Ваши группы { $when }:
classnews-line = «{ $group }»: { $what }.
classnews-more = Подробнее — в /groups.
classnews-news-joined =
    { $count ->
        [one] вступил { $count } человек
        [few] вступили { $count } человека
       *[many] вступили { $count } человек
    }
classnews-news-homework =
    { $count ->
        [one] задание сделал { $count } человек
        [few] задание сделали { $count } человека
       *[many] задание сделали { $count } человек
    }
classnews-news-pledges =
    { $count ->
        [one] ученики помогли { $count } человеку зарегистрироваться на Госуслугах — это подтвердил сам человек
       *[other] ученики помогли { $count } людям зарегистрироваться на Госуслугах — это подтвердили сами люди
    }
