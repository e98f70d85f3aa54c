/**
 * First names given in France, for the name detector.
 *
 * Source: written from memory by the author of the scrubber (no network access at the time of
 * writing), after the first names most given in France since 1900 as INSEE's « Fichier des
 * prénoms » ranks them, and the first names common among people living in France whose families
 * come from North and West Africa, Portugal, Spain, Italy, Turkey, Eastern Europe and Asia. It is
 * not a copy of the INSEE file, holds no count and no person, and is incomplete by nature: the
 * detector also uses context (titles, cue words, capitals). Entries are separated by spaces; case
 * and accents do not matter (they are folded when the lexicon is built). Compound first names
 * (`Jean-Pierre`) need no entry: each part is looked up.
 */
export const FIRST_NAMES_DATA = `
aaron abel abelard achille adam adel adele adeline adelaide adolphe adrien adrienne agathe agnes
aime aimee alain alan alban albane albert alberte albin alda alexandra alexandre alexia alexis
alfred alfreda alice alicia aline alison alix allan alois aloise alphonse alphonsine amandine
amaury ambre ambroise amelie anais anatole andre andrea andree ange angele angelina angeline
angelique anita anna annabelle anne annette annick annie anouk anselme anthony antoine antoinette
antonin apolline ariane arielle arlette armand armande armelle arnaud arsene arthur astrid
athenais aubin aude audrey augustin auguste augustine aurele aurelie aurelien aurore axel axelle
aymeric baptiste barbara barnabe barthelemy basile bastien beatrice benedicte benjamin benoit
benoite bernadette bernard berthe bertrand blaise blandine boris brice brigitte bruno camille
candice capucine carine carla carmen carole caroline catherine cecile cedric celeste celestin
celia celine chantal charlene charles charlotte chloe christel christelle christian christiane
christine christophe claire clara clarisse claude claudette claudine claudius clelia clement
clementine cleo clotilde colette coline colin come constance constant coralie corentin corinne
cyprien cyril cyrille damien daniel daniele danielle danny david deborah delphine denis denise
desire desiree diane didier dimitri dominique donatien dorian doriane dorothee edgar edith
edmond edmonde edouard eliane elie elisa elisabeth elise eliott ella elodie eloi eloise elsa
emeline emile emilie emilien emma emmanuel emmanuelle enzo eric erica erwan erwann esteban
estelle esther ethan etienne eugene eugenie eulalie eva evan evelyne fabien fabienne fabrice
fanny felicie felicien felix ferdinand fernand fernande fiona firmin flavie flavien flore
florence florent florian fortune france francette francine francis francisque franck francois
francoise frederic frederique gabin gabriel gabrielle gael gaelle gaetan gaetane gaspard gaston
gautier genevieve geoffrey georges georgette gerald geraldine gerard gerardine germain germaine
gervais ghislain ghislaine gilbert gilberte gilles ginette gisele gregoire gregory guillaume
gustave guy guylaine gwenael gwenaelle gwendoline hector helene henri henriette herve hippolyte
honore honorine hortense hubert hugo hugues ines irene iris isabelle isidore jacqueline jacques
jade janine jean jeanne jeannine jeremie jeremy jerome joachim joel joelle johan johanna jonathan
jordan joseph josephine josette josiane josue jules julia julie julien juliette justin justine
karine kevin laetitia lambert laura laure laurence laurent lea leandre leo leon leonard leonie
leopold lilian liliane lina lison lionel lisa lise lou louis louise loic lucas luce lucette lucie
lucien lucienne lucile ludivine ludovic luc lydie lydia madeleine maelle maeva magali maggy
maite manon marc marceau marcel marcelle marcelin marcelline margaux margot marguerite maria
marianne marie marielle marine marinette mario marion marius marthe martial martin martine
mathias mathieu mathilde mathis matheo mathys matthieu maud maurice max maxence maxime
maximilien melanie melissa melodie michel michele micheline mickael mireille monique morgan
morgane muriel murielle myriam nadege nadine natacha nathalie nathan nelly nicolas nicole ninon
noe noel noelle noemie norbert octave odette odile olivia olivier olympe oscar pascal pascale
patrice patricia patrick paul paule paulette pauline perrine philippe pierre pierrette priscille
prosper quentin rachel raphael raphaelle raymond raymonde regine regis remi renaud rene renee
richard robert roberte roger roland romain romane romeo rosalie rose roseline rosine roxane
sabine sabrina sacha salome samuel sandra sandrine sarah serge severine sebastien simon simone
solange solene sophie stephane stephanie suzanne suzette sylvain sylvaine sylvie tatiana
thais theo theodore theophile therese thibault thibaut thierry thomas timothee tristan ursule
valentin valentine valerie valery vanessa victor victoire victorine vincent violette virginie
vivien viviane xavier yann yannick yoann yolande yves yvette yvonne zoe
albertine alfreda aloys amedee ambrosine amelia anselmine apollinaire aristide auguste augusta
bathilde benedict berenice berangere blanche brune casimir cesar cesarine charlemagne clovis
cunegonde dieudonne eleonore eloïse emilienne ernest ernestine eudes eustache evariste
fidele firmine florentin florine fulbert gaspardine gatien geraud gildas gonzague gratien
guenole gwendal gwenola herbert hermine hilaire hildegarde honorat hyacinthe ignace irenee
isaure jacquemine jocelyn jocelyne joris judith leonce leontine lucienne ludger marcellin
melchior modeste nestor odilon onesime pacome pelagie philibert philomene placide rodolphe
sidonie sixtine theophane tiphaine urbain valere venceslas wilfried zacharie
abdel abdelaziz abdelhak abdelkader abdelkrim abdellah abdelmalek abdennour abderrahmane
abdou abdoul abdoulaye abdullah abel achraf adama adil adnane ahmed ahmet aicha aissa aissatou
aminata amina amine amir amira anis anissa aziz aziza badr bakary bilal boubacar brahim chaima
cheikh chems dalila djamel djamila djibril driss fadila fadoua farid farida fatih fatima
fatiha fatma fatou fatoumata faycal fethi habib hafsa hakim halima hamid hamza hanane hassan
hassane hicham hind houda hocine hussein ibrahim idriss ilyes imane imen ismael ismail jamal
jamel jamila kader kamel karim karima kenza khadija khaled khalid lahcen laila lamia latifa
leila lina lotfi mahamadou mahmoud malek malik malika mamadou mariam mariama marwa meriem
mohamed mohammed mokhtar moussa mustapha myriam nabil nacer nadia nadir naima najat nassim
nawal nesrine nora nordine nourdine omar oumar oumou ousmane rachid rachida rahma rania rayan
redouane riad ridha rym saad sabrina safia said saida salah salim salima samia samir samira
sana sarah selma sid sofiane soraya souad souleymane sylla taieb tarek tarik walid wassim
yacine yanis yasmina yasmine youcef younes youssef yousra zahra zineb zohra zoubir zakaria
abdoulaye adama aissata alpha amadou awa bintou binta boubou coumba daouda demba djeneba fanta
fode habibatou hawa issa issiaka kadiatou kadidia khady lamine mamadou mame mariama modibo
moussa ndeye ngone oumou ousmane penda rokia salif samba sekou seydou sidi souleymane tidiane
yaya aboubacar mamoudou mory oumarou kouame kouassi koffi yao ama akissi adjoa ange desire
aminata assa astou dieynaba fatimata kine maimouna ramatoulaye sokhna yacouba babacar cheick
amadou moussa seynabou ndiaye mariam
joao jose manuel antonio fernando paulo carlos luis miguel pedro rui nuno tiago ricardo sergio
joaquim francisco armando americo adelino alvaro diamantino fatima conceicao graca rosa maria
lurdes fernanda isaura celeste natalia ana ines catarina beatriz mariana rita sofia filipa
juan javier jorge alejandro pablo rafael raul ramon enrique alberto diego ignacio lorenzo
carmen dolores pilar mercedes rosario isabel lucia elena alba marta paula laia nuria
giovanni giuseppe francesco marco luca matteo alessandro andrea stefano roberto massimo angelo
salvatore vincenzo domenico gianni franco paolo pietro claudio fabio enzo rocco carla giulia
chiara francesca federica valentina alessia silvia giovanna paola gina concetta antonella
mehmet mustafa ahmet ali huseyin hasan ibrahim ismail osman yusuf murat emre burak hakan
kemal serkan volkan ayse fatma emine hatice zeynep elif merve ozlem esra ozge seda derya
ivan dmitri sergei vladimir nikolai alexei andrei mikhail oleg igor anatoli yuri boris
olga natalia tatiana svetlana irina elena ekaterina anastasia oksana ludmila galina marina
piotr pawel tomasz krzysztof marek jan andrzej katarzyna agnieszka malgorzata magdalena
joanna ewa anna barbara dorota zofia milan dragan goran zoran jelena vesna mirela ionut
florin mihai gheorghe vasile ioana andreea elena mihaela ramona cristina adriana
minh anh thi van duc hung tuan thanh hoa lan linh mai ngoc huong phuong trang thuy nga
quang khanh long nam hai binh dung vinh tam kim wei li jun ming hui xin yan yu chen hong
mei ling jing xiao hao lei jie bo feng lin sokha sophal dara chantha vanna
john james william george david michael peter paul mark steven kevin brian jason ryan
mary elizabeth jennifer linda susan karen nancy jessica emily ashley megan kelly
cindy jessy jenny kelly melinda shirley sheila samantha vanessa
dylan kylian killian kilian mael maelys lenny noah liam nolan timeo louka lyam sacha
nael naelle ilyes lyna lyana lola louna lilou lila lili maya mila nina jade ambre rose
ines zoe louise alice chloe emma lea manon camille sarah eva juliette anna romane
clemence charlotte lucie margaux mathilde clara pauline marine oceane laura justine
morgane marion melanie amandine aurelie emilie elodie julie celine caroline audrey
jessica stephanie sandra sabrina vanessa virginie karine laetitia sophie nathalie
valerie sylvie isabelle veronique christine catherine brigitte martine monique
francoise nicole jacqueline sylviane josiane evelyne annie chantal danielle
liam gabriel raphael leo louis arthur jules adam hugo lucas ethan paul nathan tom
theo maxime antoine alexandre thomas quentin nicolas julien kevin jeremy romain
jonathan anthony florian guillaume benjamin mathieu sebastien cedric christophe
frederic stephane laurent olivier pascal philippe eric thierry patrick alain
bernard michel jean pierre jacques andre claude daniel gerard rene robert roger
yannick gwendal gwenn loig loic maiwenn nolwenn tanguy erwan ronan goulven
yvon yvonnick gurvan killian soizic gwenaelle enora klervi morgan riwal
jean-baptiste jean-charles jean-christophe jean-claude jean-francois jean-jacques
jean-louis jean-luc jean-marc jean-marie jean-michel jean-noel jean-paul jean-philippe
jean-pierre jean-yves marie-anne marie-christine marie-claire marie-france marie-helene
marie-jose marie-josee marie-laure marie-louise marie-noelle marie-paule marie-pierre
marie-therese anne-laure anne-marie anne-sophie pierre-yves paul-henri louis-marie
rose-marie marie-rose marie-ange
kelly cindy jordan bryan brandon steven dylan jason enzo lorenzo mattéo timothée
anaelle maelle naomie naomi oriane ophelie ludivine lauriane orlane cassandra cassandre
gwladys gladys shana shanna tiffany jennifer mandy wendy jenna jordane coraline
angelo sandro fabio fabiano flavio mattia nino tiziano
lamia lilia sofia sophia mia jana malak maryam nour noor jannat hiba ranya sirine
assia nahia yousra ikram ilham imane asma fadoua hajar ghizlane loubna meryem siham
soufiane ayoub anas hamza ilias mehdi othmane reda yassine zakaria ismael bilel
adem amine rayan ryan yanis wael walid nassim naim idir karim kamel samy sami
`;
