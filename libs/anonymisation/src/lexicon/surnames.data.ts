/**
 * Surnames frequent in France, for the name detector.
 *
 * Source: written from memory by the author of the scrubber (no network access at the time of
 * writing), after the most frequent surnames of people born in France as INSEE's civil-status
 * files rank them (Martin, Bernard, Thomas, Petit, Robert, Richard, Durand…), completed with
 * surnames frequent in Brittany, Alsace, the overseas départements, and among families from North
 * and West Africa, Portugal, Spain, Italy, Turkey, Eastern Europe and Asia. It is not a copy of
 * any file, holds no count and no person, and is incomplete by nature: the detector also uses
 * context (titles, first names, cue words, capitals). Entries are separated by spaces; case and
 * accents do not matter. A particle (`Le Goff`, `de la Tour`) is written glued with a hyphen
 * only when the surname is never written apart.
 */
export const SURNAMES_DATA = `
martin bernard thomas petit robert richard durand dubois moreau laurent simon michel lefebvre
leroy roux david bertrand morel fournier girard bonnet dupont lambert fontaine rousseau vincent
muller lefevre faure andre mercier blanc guerin boyer garnier chevalier francois legrand gauthier
garcia perrin robin clement morin nicolas henry roussel mathieu gautier masson marchand duval
denis dumont marie lemaire noel meyer dufour meunier brun blanchard giraud joly riviere lucas
brunet gaillard barbier arnaud martinez gerard roche renard schmitt roy leroux colin vidal caron
picard roger fabre aubert lemoine renaud dumas lacroix olivier philippe bourgeois pierre benoit
rey leclerc payet rolland leclercq guillaume lecomte lopez jean dupuy guillot hubert berger
carpentier sanchez dupuis moulin louis deschamps huet vasseur perez boucher fleury royer klein
jacquet adam paris poirier marty aubry guyot carre charles renault charpentier menard maillard
baron bertin bailly herve schneider fernandez le-gall collet leger bouvier julien prevost millet
perrot daniel le-roux cousin germain breton besson langlois remy le-goff pelletier leveque
perrier leblanc barre lebrun marchal weber mallet hamon boulanger jacob monnier michaud rodriguez
guichard gillet etienne grondin poulain tessier chevallier collin chauvin da-silva bouchet gay
lemaitre benard marechal humbert reynaud antoine hoarau perret barthelemy cordier pichon
lejeune gilbert lamy delaunay pasquier carlier laporte
gonzalez guillon hoareau bouchard bousquet bailly bouvet brunel brunet buisson camus carlier
chauvet chevalier clerc colas collin cordier courtois cousin daniel delattre delmas deschamps
devaux didier dijoux dubreuil ducos dufresne dumont dupre dupuis duprat duval fabre fauvel
ferrand ferre ferreira fleury fontaine foucher fouquet francois gaillard garnier gaudin gay
georges gerard germain gicquel gilles girard giraud godard gomez gosselin gregoire gros guerin
guibert guichard guilbert guillaume guillet guillou guyot hamel hardy hebert hemery hoarau
imbert jacob jacques jamet joly jourdan julien labbe lacombe lacoste lagarde laine lambert
lamy langlois laroche larcher laurent lebon lebreton lebrun leclerc lefort legendre leger
legros lejeune lemaire lemoine lenoir leon leroy lesage lesueur letellier levasseur levy
lombard lopes lopez louis lucas maillard maillot mallet marchal marchand marechal marie marin
marques martel martinez masson mathieu maurice meunier michaud millet moreau morel morin
moulin navarro neveu noel olivier pages paris pascal pasquier paul pelletier pereira perez
perret perrin perrot petitjean picard pierre pinto poirier poulain prevost raynaud regnier
remy renard renaud renault rey reynaud riviere robin roche rodrigues rodriguez roger rolland
rousseau roussel roux roy royer sanchez schmitt schneider sauvage simon thomas tessier texier
thibault vallee vasseur verdier vidal vincent voisin weber
allain allard andrieu arnould aubin auger bachelet baillet barbe barbot barreau bazin beaumont
bellanger benoist berthelot besnard bigot billard blondel bodin bonneau bouchet boulay bourdon
bourgeois boutin briand brossard bruneau carre chapuis charrier chartier chatelain chretien
cochet colombier cornu cotte coulon courtois couturier delahaye delorme desbois devillers
dubois ducrocq dumas dupont duret esnault forestier fortin foucault fournier gallet garreau
gauthier gerbaud gervais gillet girault godin gouin grenier grosjean guerineau guillemot
guyon hamelin heraud herve jacquot jolly lacour lafont laine lallemand lamotte lanoe lapierre
laval lebas leblond lecoq ledoux lefranc lemercier lepage leroi lestrade lheureux loiseau
lucas maury mauger menager mercier monier mouton nicolle pinel poisson potier poulet prigent
rault riou robert rondeau rouault rouxel ruault salaun sauvageot tanguy thebault tillier
touzet turpin vaillant valette vannier vigneron viollet
le-bihan le-borgne le-bris le-corre le-floch le-gall le-goff le-guen le-hir le-meur le-moal
le-roux kerouac kervella kerdraon guivarch quere tanguy prigent jaouen cadiou le-gac morvan
le-berre le-cam le-bras le-coz le-dantec le-gal le-page le-quere le-saux le-du le-fur le-grand
le-guen le-lay le-men le-naour le-roy le-bars le-bot le-clech le-cornec le-duff le-gouill
le-goaziou le-moigne le-pen le-poul le-roch le-rouzic le-scouarnec le-toullec le-troadec
guillou jegou kerboriou le-bellec le-calvez le-meur le-noan madec morvan nedelec olier
pennec quemener riou salaun stephan tanguy thomas
muller schmitt meyer klein weber schneider wagner fischer hoffmann becker schmidt koch richter
keller braun zimmermann hartmann kieffer kuntz hueber ehrhart fritsch gross walter roth
haas frey vogel stoltz burger bauer
payet grondin hoarau fontaine lebon hoareau boyer riviere robert lauret dijoux maillot
techer turpin morel clain nativel ethève picard ah-hot ramassamy
benali benaissa benamar benarbia bensaid benyahia belkacem bouzid boukhari bouaziz chaouch
chaib cherif djebbar djellal el-amrani el-idrissi haddad hadjadj hamidi kaci khelifi khalfi
lahlou mansouri meziane messaoudi mokrani nasri ouali saadi saidi slimani taleb touati yahiaoui
zerrouki zidane amrani alaoui bennani berrada el-fassi tazi belhaj ben-salah ben-ali
benkhelifa boukari bouchareb cherkaoui hamdi jaziri laaroussi lamrani mahdi moussaoui naceri
rahmani rezgui sahraoui tahiri yousfi ziani aissaoui benhamou hadj boudjema mebarki
abdallah abdelli abid achour amara amari arab ayad azzouz bakir benmoussa boudiaf
brahimi chabane dahmani derbal ferhat gacem ghazi hamadi hammami jebali khiari lakhdar
mahmoudi meddah nait nouri ouadah rachedi saad sebti sellami tlili triki zaouali
diallo traore diop ndiaye sow ba fall camara coulibaly konate kone toure sylla cisse keita
diarra doumbia sangare sissoko dembele kante bamba ouattara yao kouassi kouame konan niang
gueye faye sarr mbaye thiam seck kane dieng cisse diouf ndour sene wade kamara bangoura
soumare sacko dramé drame tounkara doucoure sidibe fofana kourouma barry bah balde sall
tall diakite diaby timbo koita magassa tandia gassama dabo
da-silva dos-santos ferreira pereira rodrigues fernandes goncalves gomes lopes martins sousa
oliveira costa carvalho almeida ribeiro pinto teixeira correia mendes moreira nunes marques
vieira alves monteiro cardoso rocha soares machado fonseca coelho tavares lourenco azevedo
garcia martinez lopez sanchez perez gonzalez rodriguez fernandez gomez diaz hernandez moreno
munoz alvarez romero alonso navarro torres dominguez ramos gil serrano blanco molina suarez
ortega delgado castro ortiz rubio marin sanz iglesias nunez medina garrido cortes castillo
rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti
de-luca mancini costa giordano rizzo lombardi moretti barbieri fontana santoro mariani
rinaldi caruso ferrara galli martini leone longo gentile martinelli vitale lombardo serra
coppola de-santis d-angelo marchetti parisi villa conte ferraro ferri fabbri bianco
yilmaz kaya demir sahin celik yildiz yildirim ozturk aydin ozdemir arslan dogan kilic
aslan cetin kara koc kurt ozkan simsek polat korkmaz erdogan altun
nguyen tran pham hoang huynh phan vo dang bui ngo duong truong dinh lam
chen wang zhang liu yang huang zhao zhou zhu guo gao luo zheng
liang song tang xie han feng deng cao peng zeng xiao tian dong pan yuan cai jiang
kowalski nowak wisniewski wojcik kowalczyk kaminski lewandowski zielinski szymanski
ivanov petrov smirnov popov sokolov kuznetsov popescu ionescu popa radu stan dumitru
constantin dinu georgescu stoica matei ciobanu jovanovic petrovic nikolic markovic
smith johnson williams brown jones miller davis wilson taylor anderson
dupont-durand lefevre lefebvre lefebure lefeuvre lefevbre
jean-baptiste jean-louis jean-pierre
abadie abeille alard allemand amiot ancel andrieux anne antoine ardouin arnal arnoux astier
aubert aubry audebert audouin augier aumont avril azema bacon bailleul bain balland barbet
bardin baril barraud barret barthe baudet baudin baudouin baudry bayle beaufils beaulieu
beauvais begue belin bellec bellet belot benard benezech benoit beranger bernier berthier
bertin besse besson bichon bidault bienvenu billon binet biron bisson blanchet blin blot
boisseau boissier bonnard bonnefoy bonnin bontemps borde bordes bossard boucard boudet
bouillon boulet bourdin bourgoin bourreau bousquet boutet boutin bouvier boyer brault bres
bret breton brochard brosseau brunel bruno buisson bureau cadet caillaud caille calvet
camus carlier caron carpentier castel cazenave ceccaldi chabert chaillou chambon champion
chapelle charbonnier charlet charpentier charron chatel chauveau chauvin chauvet chenu
cheron chevrier chollet clavel clement clerc cloarec colas colin collet collignon combes
comte constant coquet corbin cordier corre cornet cosson coste coudert coulon courtin
couturier crepin cros cuvelier dalmas daniel daudet david debray decker delacroix delage
delaunay delmas delpech demange deniau denis deroche deschamps desjardins desmoulins
devaux didier dore doucet douillet drouet dubost dubourg duchene duclos dufour dugue duhamel
dumont dumoulin duplessis dupre dupuy durand durieux duteil elie esnault evrard fabre faivre
fauconnier faure favier fayolle ferrand feuillet fevre fleury florent fontaine forest fortin
fouche fouquet fournier fourrier francois frere fromont gabriel gaillot galland gallois
garnier gasnier gaubert gaudin gauthier gautier gay geffroy genet germain gibert gilbert
gillet girard giraud godefroy gomez gosset goujon goulet goupil gourdon grand grandjean
gras gregoire grimaud gros guegan guenot guerin guibert guichard guignard guillard guillemin
guillon guillot guimard guiraud guy hamon hardouin hebert heraud herbert hervouet hilaire
hoarau hubert huguet humbert jacquemin jacquin jamin janin jeanne joly jouan jourdain
jousse jubert julien jullien labbe labat lacaze lacoste lafon laforge lagrange lamarque
lambert lamotte landais lang langlade laporte larue lasserre latour laurens laval lavigne
lebeau leblanc lebreton leclair lecocq leconte ledru lefevre legall legendre leger lelievre
lemaitre lenoir leon lepetit leprince leroy lesage levrel lhermitte loisel lombard lorin
lott loubet louvet lucas luce maillet maitre malet mangin marais marceau marchal marcel
mareschal marion marot martel martineau mary massart masse massin mathe maurel mauger
maurin meffre menard merle mesnil michaud mignot millot mir molle monnet montagne moreau
moret mory mounier moutard moyne naudin neveu nicolas noel normand olivier pages paillard
papin paquet parent pasquet patin paul pelletier perret perrier perrin petitjean peyre
philippe picard pichon pierre pinel pineau piquet pires poirier poisson pons portier
pottier poulain poupard prat prevot prieur provost quentin ragot ravel raymond rebours
regnault remond renaud rey ribot richer rigaud riou rivet rivier robin roche rochette
roger roland rolland rossignol rouault roul rousseau roussel roy rozier sabatier salmon
sanson sauvage savary schaeffer seguin sellier simonet soulier tardy teyssier thery
thiery tissot tixier toussaint tribout tristan vacher vaillant valentin vallet varin
vasseur verdier verger veron vial viard vidal vigier villard vincent viola voisin
wagner walter weiss
`;
