"""Words that show who is writing (lower-cased, apostrophes plain): parents, professionals, young people."""

from __future__ import annotations

import re

_CHILD = (r"(?:son|daughter|child|kid|kids|children|boy|girl|lad|teenager|teen|stepson|stepdaughter|"
          r"step-son|step-daughter|grandson|granddaughter|grandchild|grandkids|eldest|youngest|oldest|"
          r"foster (?:son|daughter|child|kid)|baby)")
PARENT = re.compile(
    r"\bmy (?:\d{1,2}[- ]?(?:year|yr)s?[- ]?old |little |teenage |youngest |eldest |oldest |only |"
    r"(?:step|foster)[- ]?)?(?:son|daughter|child|kid|kids|children|teenager|stepson|stepdaughter|"
    r"grandson|granddaughter|grandchild|grandkids|foster child|foster son|foster daughter)s?\b"
    # "my daughter's school", "my son's mates": someone else's doing, told by a parent in passing
    r"(?!'?s? (?:school(?! (?:bag|uniform|blazer|shoes|trousers|report|jumper|work))|friend|friends|mate|mates|"
    r"class|classmates?|teacher|bus|college|team|club)\b)"
    r"|\bmy (?:\d{1,2}[- ]?(?:year|yr)s?[- ]?old|little) (?:boy|girl)\b"
    r"|\bmy \d{1,2} ?(?:yo|y/o|yr old|year old|yrs old|years old)\b(?! (?:students?|pupils?|clients?|patients?|"
    r"learners?|service users?|residents?|tenants?|mentees?|players?|members?|claimants?|juniors?|boys|girls)\b)"
    rf"|\bour (?:\d{{1,2}}[- ]?(?:year|yr)s?[- ]?old )?{_CHILD}\b(?!'?s (?:home|centre|center|services?|team))"
    r"|\b(?:i'?m|i am|im) (?:his|her|their|the) (?:mum|mom|mother|mam|dad|father|parent|carer|nan|nana|nanny|"
    r"gran|grandma|grandmother|grandad|grandfather|foster carer|foster mum|foster dad|guardian|step ?dad|"
    r"step ?mum|auntie|aunt|uncle)\b"
    r"|\b(?:as a|i'?m a|i am a|im a) (?:single )?(?:parent|mum|mom|mother|dad|father|carer|foster carer|"
    r"grandparent|worried mum|worried dad|worried parent)\b"
    r"|\b(?:a|as a|worried) (?:mum|mom|mother|dad|father|parent) here\b"
    r"|\b(?:as a|worried|i'?m a|im a|i am a) (?:mum|mom|mother|dad|father|parent) of\b"
    # SMS shorthand for one's own child: "son 15 missing since yesterday", "daughter 16 keeps ..."
    r"|^\W*(?:[^.!?]{0,30}[.!?,]\s*)?(?:son|daughter|stepson|stepdaughter|grandson|granddaughter)(?: \d{1,2}\b| (?:is|has|"
    r"hasnt|hasn't|keeps|wont|won't|didnt|didn't|came|comes|got|went|was|been|not|isnt|isn't|left|says)\b)"
    # Kin in the writer's care: "I've had guardianship of my brother", "looking after my granddaughter"
    r"|\b(?:special )?guardianship\b|\b(?:looking after|caring for|raising|bringing up|bringing him up|"
    r"bringing her up) (?:my|our) (?:\w+ )?(?:grand\w+|nephews?|nieces?|brothers?|sisters?|son|daughter|"
    r"kids|children)\b")
#: A parent's own child mentioned only as a bystander to what someone else is doing: "they took
#: my son's phone", "my kids see it all", "scared to let my kids use the park", "it isn't my son".
#: With a neighbour's words about other people (:data:`RESIDENT`), the writer is tipping, not
#: reporting their own child.
CHILD_IN_PASSING = re.compile(
    r"\b(?:let|letting|isn'?t|is not|wasn'?t|not|in front of|around|near) my (?:\w+ )?(?:son|daughter|kids|"
    r"children|child|grandkids|boy|girl)s?\b"
    r"|\bmy (?:son|daughter|kid|child)(?:'s|s'|s) (?:football|rugby|boxing|dance|swimming|cricket|basketball|"
    r"martial arts|karate|gym|drama|music|cadets|scouts|brownies|nursery|primary|training|match|matches|coach|"
    r"club|team)\b"
    r"|\bmy (?:\w+ )?(?:son|daughter|kids|children|child|grandkids)(?:'s|s'|s)? (?:\w+ )?"
    r"(?:see|sees|saw|seen|watch|watches|walk|walks|walked|play|plays|played|use|uses|used to use|pass|passes|"
    r"go past|get the bus|catch the bus|hear|heard)\b"
    r"|\b(?:took|stole|nicked|grabbed|robbed) my (?:son|daughter|kid|child)'?s\b"
    # the child as the one who heard or saw: "my daughter says her friend was asked to join", "my son showed
    # me", "a boy in my daughter's year", "my son goes to that school"
    r"|\bmy (?:son|daughter|kids|children|child)(?: \w+)? (?:says|said|told me|tells me|heard|mentioned)(?: that)? "
    r"(?:her|his|their|a|some|one of (?:her|his|the)|it'?s a|its a|there'?s|theres|there are) "
    r"(?:\w+ )?(?:friends?|mates?|classmates?|boys|girls|kids|lads|group|gang|page|video)\b"
    r"|\bmy (?:son|daughter|kids|children|child)(?: \w+)? (?:showed|sent|forwarded) (?:me|it|us)\b"
    r"|\bmy (?:son|daughter|kid|child)(?:'s|s)? (?:year|class|form|year group)\b"
    r"|\bmy (?:son|daughter|kids|children|child) (?:goes|go|went) to (?:that|the same|this) school\b"
    r"|\bmy (?:son|daughter|kids|children|child) (?:follows|follow|watches|saw) (?:it|that|the page|them)\b"
    r"|\b(?:want|wants) my (?:son|daughter|kids|children|child) (?:named|involved|mentioned)\b")
#: Weaker signs of a parent: someone else's child spoken of as family ("he didn't come home", "we live in").
PARENT_WEAK = re.compile(
    r"\b(?:we live|we're in|our (?:house|home|flat|family)|at home|my house|in (?:his|her) (?:room|bedroom)|"
    r"(?:come|came|coming|been) home|his (?:dad|mum|father|mother) and i|(?:his|her) (?:brother|sister)s?|"
    r"(?:ground|grounded) (?:him|her))\b")
#: A child spoken of ("my 12yr old", "the boy", "he's 15"): with home words, a parent's story.
CHILD_SAID = re.compile(rf"\b(?:\d{{1,2}} ?(?:yr|year)s?[- ]?old|{_CHILD})\b")
#: Words that put someone else's child in the writer's home ("he didn't come home", "in his room").
FAMILY_HOME = re.compile(r"\b(?:(?:come|came|coming|been) (?:back )?home|in (?:his|her) (?:room|bedroom)|"
                          r"(?:comes|came|coming) in at|(?:not|isn'?t|isnt|never|wasn'?t|wasnt) home\b|stays? out (?:all night|late|till|until)|"
                          r"(?:won'?t|wont|doesn'?t|doesnt|will not) tell me where (?:he|she)|"
                          r"(?:ground|grounded) (?:him|her)|his (?:dad|mum|father|mother) and i)\b")
THIRD_PERSON = re.compile(r"\b(?:he|she|he's|she's|hes|shes|him|her|his)\b")
PROFESSIONAL = re.compile(
    r"\b(?:my|our|a|one of my|one of our|one of the) (?:pupils?|students?|clients?|service users?|tenants?|"
    r"learners?|mentees?|young people i work with|young person i work with|yp|cyp|residents|young people on "
    r"(?:my|our) route)\b|\b(?:one of )?our young (?:people|person)\b"
    r"|\bi (?:manage|run|coach at|coach) (?:a|an|the) (?:\w+ )?(?:gym|boxing club|football club|sports club|club|"
    r"academy|league)\b"
    r"|\bi (?:manage|run) (?:a|an|the) (?:\w+ )?(?:children'?s home|care home|home for|team|service|project|"
    r"youth club|hostel|unit|school|nursery|refuge|supported (?:housing|accommodation))\b"
    r"|\bon (?:my|our) caseload\b|\b(?:make|making|to make) a referral\b|\brefer (?:a|an|this|one)\b"
    # "I work at a school / for the council / with young people"; not "I work for a cleaning contractor"
    r"|\bi work (?:with (?:young|children|kids|families|vulnerable|teenagers|adolescents|care leavers|the youth)|"
    r"(?:at|for|in) (?:a |an |the |our |one of the )?(?:\w+ )?(?:\w+ )?(?:schools?|academy|college|council|nhs|"
    r"hospital|police|children|youth|social|housing|probation|yot|yos|charity|pru|nursery|care home|"
    r"children'?s home|gp|surgery|clinic|local authority|trust|project|service|services|team|unit|"
    r"hostel|refuge|library|safeguarding|early help|mash|camhs|leisure centre|sports centre|youth centre|community centre))\b|\b(?:dsl|designated safeguarding|safeguarding lead|head of year|"
    r"headteacher|head teacher|senco|pastoral lead)\b|\bin (?:my|our) (?:class|school|form|tutor group)\b"
    r"|\b(?:year|yr) ?\d{1,2} (?:boy|girl|pupil|student)s?\b|\bat our (?:school|academy|college|club|service)\b")
#: Casework words parents and neighbours rarely use (a young person may: "my social worker did an NRM").
JARGON = re.compile(
    r"\b(?:nrm|mash|mash referral|strategy meeting|strategy discussion|cin plan|cp plan|child protection plan|ehcp|"
    r"looked after child|care plan|referral order|section 17|section 47|s47|s17|social worker allocated|"
    r"allocated social worker|open to (?:csc|social care|early help|yot|yos)|known to (?:csc|yot|yos))\b")
#: Words of health staff at work (not "call an ambulance" or "took him to hospital", which anyone writes).
HEALTH = re.compile(
    r"\b(?:patient|patients|presented|presenting|admitted|attended (?:with|today|a&e|clinic)|ward|registrar|"
    r"major trauma|resus|trauma unit|minor injuries|urgent care|walk-in centre|fracture clinic|clinic|"
    r"paramedics?|triage nurse|a&e nurse|ed nurse|on shift|discharged|emergency department)\b"
    r"|\b(?:i work|i'?m|im|i am)\b[^.]{0,60}\bat (?:a|the|our) (?:\w+ )?hospital\b")


#: Strong signs that a young person is writing about their own situation.
SELF_STRONG = re.compile(
    r"\b(?:make|makes|making|made|force|forces|forcing|forced|pressure|pressuring|pressured|send|sends|sending|"
    r"sent|use|uses|using|used|groom|grooming|groomed) me\b(?! (?:promise|swear|laugh|smile|think|realise|"
    r"realize|wonder|a|an|tea|food|dinner)\b)"
    r"|\b(?:hurt|kill|stab|shank|nank|beat|batter|rob|robbed|jump|jumped|chase|chasing|chased|follow|following|found|"
    r"followed|threaten|threatening|threatened|threatenin|hunt|hunting|touch|merk|murk|wet|cut|slap|smack|get|"
    r"getting|finish) me\b"
    r"|\b(?:threatens|hurts|beats|robs|follows|chases|uses|drove|left|kept|locked|dropped|pays|paid) me\b"
    r"|\b(?:expect|expects|expecting|want|wants|told|tell|tells|telling) me to (?:ride|run|hold|sell|go|do|carry|"
    r"stab|shank|move|drive|deliver|stash|keep|pay|shot|cut|bag|cook|watch)\b"
    r"|\b(?:i'?ve been|ive been|i have been|i was|i been|i get|i got|i keep getting|im being|i'm being|i am being) "
    r"(?:made|forced|told|pressured|sent|asked) to (?:hold|run|sell|carry|stash|keep|move|drive|deliver|do|take|"
    r"ride|shot|cut|bag|cook|sit|watch|go)\b"
    r"|\b(?:need|needs|want|wanna) help (?:getting|to get) out\b|\bdo (?:another|one more) run\b"
    r"|\b(?:tell|telling|snitch|snitching|grass|grassing)(?: on)? (?:\w+ )?(?:about |bout |on )?(?:the|my|these|"
    r"them|dem) (?:olders|elders)\b|\b(?:will|would|wont|won't) (?:the|my) (?:olders|elders) (?:find out|know)\b"
    r"|\bmy (?:social worker|yot worker|key ?worker|youth worker|probation officer|case ?worker)\b"
    # hiding it from their own family, or their bank account used to move money
    r"|\b(?:dont|don't|do not|never) tell my (?:mum|mom|mam|dad|parents|nan|family|carer|foster carer)\b"
    r"|\b(?:using|used|use|took|take|taken|have got|got) my (?:bank )?(?:card|account|bank account|bank details)\b"
    r"|\b(?:coming|come|looking|waiting|out) for me\b|\b(?:after|behind) me\b"
    r"|\b(?:i|im|i'm|i am|ive|i've|i have|i got|i been|i was|i still)(?: still| now| kinda| bare| like)? "
    r"(?:owe|owes|in debt|robbed|taxed|jumped|stabbed|shanked|threatened|being used|being followed|"
    r"being threatened|getting threatened|running (?:for|bits|lines|a line)|selling (?:for|bits|food)|"
    r"holding (?:for|stuff|bits|food|a ting)|shotting|going country|going ot|going cunch|in too deep|marked)\b"
    r"|\bi (?:want|wanna|need|needa|tryna|am trying|im trying|i'm trying|trying)(?: to)? "
    r"(?:get out|out|leave (?:them|the gang|it)|quit|escape|get away from)\b"
    r"|\bhow (?:do|can|would) i (?:get out|leave|quit|escape|get away)\b"
    r"|\bmy (?:olders|elders|line|debt|opps)\b|\bthey (?:say|said|saying|sayin|reckon) i (?:owe|have to|gotta)\b"
    r"|\bi (?:can't|cant|cannot) (?:say no|get out|pay (?:them|it) back)\b")
#: Weaker signs: a first-person fear or plea that an adult could also write.
SELF_WEAK = re.compile(
    r"\b(?:i|im|i'm|i am|i feel|i get|i got)(?: so| really| bare| proper| well)? (?:scared|afraid|terrified|"
    r"frightened|shook|bricking it|not safe|unsafe|stuck|trapped|worried for my life)\b"
    r"|\bhelp me\b|\bwhat (?:do|should) i do\b|\bi (?:don't|dont) want to do (?:this|it) (?:anymore|no more)\b"
    r"|\bi (?:want|wanna|need) (?:to )?(?:stop|leave|out)\b")
FRIEND = re.compile(
    r"\bmy (?!\w+-in-law)(?:mate|mates|friend|friends|bestie|best friend|bestfriend|bredrin|bredren|bro|bruv|cousin|cuz|cuzzy|"
    r"brother|sister|boyfriend|girlfriend|bf|gf|g|homie|pal|classmate|little brother|"
    r"little sister|big brother|big sister)\b")
FIRST_PERSON = re.compile(r"\b(?:i|im|i'm|ive|i've|i'll|ill|i'd|me|my|mine|myself)\b")
SELF_AGE = re.compile(r"\b(?:i'?m|i am|im) (?:only |just |about )?(1[0-9]|[5-9])\b(?! (?:mins?|minutes|hours|days|weeks|months)\b)"
                       r"|\bi(?:'m| am|m) in (?:year|yr) ?\d{1,2}\b")
RESIDENT = re.compile(
    r"\bthere(?:'s| is| are|s| r|re)\b|\bi (?:saw|seen|see|noticed|notice|keep seeing|have seen|'ve seen|ve seen|"
    r"watched|heard)\b|\bnext door\b|\bneighbou?rs?\b|\b(?:my|our|the) (?:street|road|estate|block|close|avenue|"
    r"building|stairwell|car park|alley|corner)\b|\boutside (?:my|our) (?:house|flat|block|door|window|shop)\b"
    r"|\banonymous(?:ly)?\b|\b(?:kids|youths|lads|boys|men|guys|people|man dem|mandem|teenagers) (?:are |keep |)"
    r"(?:dealing|selling|shotting|hanging|standing|fighting|carrying|using)\b")
#: A member of the public by what they do or where they live ("I own a newsagents", "my neighbour's son").
RESIDENT_STRONG = re.compile(
    r"\bi (?:own|run|manage|work in|work at|have) (?:a|an|the|my) (?:\w+ )?(?:shop|newsagents?|cafe|café|takeaway|"
    r"restaurant|pub|barbers?|barber shop|salon|off licen[cs]e|corner shop|garage|chippy|chip shop|launderette|"
    r"bakery|store|market stall|kebab shop|car wash|nail bar)\b"
    r"|\bmy neighbou?r'?s'? (?:son|daughter|kid|kids|boy|girl|grandson|lad|teenager)\b"
    r"|\b(?:a|the) (?:lad|boy|girl|kid|teenager) (?:who lives|from) (?:on |in )?(?:our|my) (?:road|street|estate|"
    r"block|close|building)\b")


ROLE_CLAIM = re.compile(
    r"\b(?:i'?m|i am|im|i work as|working as|as|i'?m [a-z]+ [a-z]+,)\s+(?:only |just |actually )?"
    r"(?:a|an|the|one of the)\s+([a-z&' -]{2,40}?)"
    r"(?=\s+(?:at|in|for|from|with|and|but|so|who|working|based|here|on|of)\b|[,.;:!?()]|$)"
    r"|^\W*([a-z&' -]{2,30}?)\s+here\b"
    # after the writer's own name: "I'm Mr Femi Adeyemi, Head of Year 11 at ...", "Nadine Forbes here, senior
    # youth worker at ..." (the name's words are not feelings: "I'm really worried, a teacher said" names no role)
    r"|\b(?:(?:i'?m|i am|im)\s+(?:mr|mrs|ms|miss|dr)?\s*|^\W*(?:(?:hi|hello)(?: there)?,?\s+)?)"
    r"(?!(?:so|really|very|just|not|worried|sorry|concerned|scared|afraid|writing|calling|here|a|an|the|also|"
    r"still|quite|bit|worried|unsure|new)\b)[a-z'-]+\s+(?!(?:so|really|very|worried|sorry|concerned|scared)\b)"
    r"[a-z'-]+(?:\s+here)?,\s+(?:a |an |the )?([a-z0-9&' -]{2,40}?)"
    r"(?=\s+(?:at|in|for|from|with|and)\b|[,.;:!?()]|$)")


#: The phrase a message opens with, up to a comma, full stop, dash or "in/at/for/from/here".
LEADING_ROLE = re.compile(r"^\W*(?:(?:hi|hello|good (?:morning|afternoon|evening))\W+)?([a-z0-9&' /]{2,40}?)"
                           r"(?=\s*(?:[,.;:(]|\s[-–]\s|$)|\s+(?:in|at|for|from|here|with|working)\b)")
#: A role signing off a message: "... Sheerness. housing officer." or "... - YOT worker".
TRAILING_ROLE = re.compile(r"(?:[.;,!?]|\s[-–])\s*((?!(?:i|im|i'm|ive|my|we|our)\b)[a-z&'/]+(?: [a-z&'/]+){0,2})\W*$")
