# A group's news for its coordinator: once a day, at 18:00.

classnews-today = today
classnews-on = on { $day }
classnews-one = 📰 Group «{ $group }» { $when }: { $what }.
classnews-many = 📰 Your groups { $when }:
classnews-line = «{ $group }»: { $what }.
classnews-more = More in /groups.
classnews-news-joined =
    { $count ->
        [one] { $count } person joined
       *[other] { $count } people joined
    }
classnews-news-homework =
    { $count ->
        [one] { $count } person did the homework
       *[other] { $count } people did the homework
    }
classnews-news-pledges =
    { $count ->
        [one] students helped { $count } person register on Gosuslugi, as that person confirmed
       *[other] students helped { $count } people register on Gosuslugi, as they confirmed
    }
